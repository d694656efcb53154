package io.ssloffload.simulator.windows;

/**
 * cmd.exe's second phase: outside double quotes {@code ^} escapes the next character and is
 * removed; the operators {@code & && | || < >} split or redirect the line. This simulator runs one
 * command per line, so an operator is reported instead of being passed on as text.
 */
final class CaretAndOperators {

    private CaretAndOperators() {
    }

    static final class UnsupportedOperatorException extends Exception {
        private final String operator;

        UnsupportedOperatorException(String operator) {
            super("the simulator's cmd.exe does not support the '" + operator + "' operator");
            this.operator = operator;
        }

        String operator() {
            return operator;
        }
    }

    static String unescape(String line) throws UnsupportedOperatorException {
        StringBuilder out = new StringBuilder(line.length());
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                out.append(c);
            } else if (quoted) {
                out.append(c);
            } else if (c == '^') {
                if (i + 1 < line.length()) {
                    out.append(line.charAt(++i));
                }
            } else if (c == '&' || c == '|' || c == '<' || c == '>') {
                boolean doubled = i + 1 < line.length() && line.charAt(i + 1) == c && (c == '&' || c == '|');
                throw new UnsupportedOperatorException(doubled ? "" + c + c : String.valueOf(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
