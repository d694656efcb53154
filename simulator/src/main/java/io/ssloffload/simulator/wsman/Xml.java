package io.ssloffload.simulator.wsman;

/** Escaping for the XML this endpoint writes by hand (compact, like Windows). */
final class Xml {

    private Xml() {
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
