package io.ssloffload.simulator.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * How a program built with the Microsoft C runtime (and CommandLineToArgvW) splits the argument
 * part of its command line: whitespace separates arguments outside quotes; 2n backslashes before
 * a quote give n backslashes and toggle quoting, 2n+1 give n backslashes and a literal quote;
 * inside quotes {@code ""} is a literal quote; other backslashes are literal.
 */
public final class WindowsArgv {

    private WindowsArgv() {
    }

    public static List<String> split(String arguments) {
        List<String> argv = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        boolean quoted = false;
        int i = 0;
        while (i < arguments.length()) {
            char c = arguments.charAt(i);
            if (!quoted && (c == ' ' || c == '\t')) {
                if (inArgument) {
                    argv.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
                i++;
                continue;
            }
            inArgument = true;
            if (c == '\\') {
                int backslashes = 0;
                while (i < arguments.length() && arguments.charAt(i) == '\\') {
                    backslashes++;
                    i++;
                }
                if (i < arguments.length() && arguments.charAt(i) == '"') {
                    current.append("\\".repeat(backslashes / 2));
                    if (backslashes % 2 == 1) {
                        current.append('"');
                        i++;
                    }
                } else {
                    current.append("\\".repeat(backslashes));
                }
            } else if (c == '"') {
                if (quoted && i + 1 < arguments.length() && arguments.charAt(i + 1) == '"') {
                    current.append('"');
                    i += 2;
                } else {
                    quoted = !quoted;
                    i++;
                }
            } else {
                current.append(c);
                i++;
            }
        }
        if (inArgument) {
            argv.add(current.toString());
        }
        return argv;
    }
}
