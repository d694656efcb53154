package io.ssloffload.operator.remote;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns PowerShell's CLIXML error stream ({@code #< CLIXML ...}) into the text a console would show. */
final class Clixml {

    private static final Pattern ERROR_LINE = Pattern.compile("<S S=\"Error\">(.*?)</S>", Pattern.DOTALL);
    private static final Pattern ESCAPE = Pattern.compile("_x([0-9A-Fa-f]{4})_");

    private Clixml() {
    }

    static String toText(String stderr) {
        if (!stderr.contains("#< CLIXML")) {
            return stderr.strip();
        }
        StringBuilder text = new StringBuilder();
        Matcher m = ERROR_LINE.matcher(stderr);
        while (m.find()) {
            text.append(unescape(m.group(1)));
        }
        return text.toString().strip();
    }

    private static String unescape(String s) {
        Matcher m = ESCAPE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&amp;", "&");
    }
}
