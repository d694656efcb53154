package io.ssloffload.simulator.powershell;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders success-stream objects as the console does (Out-Default): strings and numbers as
 * lines, hashtables as a Name/Value table, objects in list form ("Name : Value"), ErrorRecords
 * as error text.
 */
final class OutputFormatter {

    private static final DateTimeFormatter LONG_DATE =
            DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy h:mm:ss a", Locale.US);

    private OutputFormatter() {
    }

    static List<String> lines(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof ErrorRecordObject e) {
            out.addAll(e.render());
        } else if (v instanceof PsHashtable h) {
            out.add("");
            out.add(pad("Name", 30) + " Value");
            out.add(pad("----", 30) + " -----");
            for (Map.Entry<Object, Object> e : h.entrySet()) {
                out.add(pad(LanguagePrimitives.toStr(e.getKey()), 30) + " " + LanguagePrimitives.toStr(e.getValue()));
            }
            out.add("");
        } else if (v instanceof PsObject o && !o.propertyNames().isEmpty() && !(v instanceof PsRemoteSession)) {
            int width = o.propertyNames().stream().mapToInt(String::length).max().orElse(0);
            out.add("");
            for (String p : o.propertyNames()) {
                out.add(pad(p, width) + " : " + inline(o.get(p)));
            }
            out.add("");
        } else if (v instanceof PsDateTime d) {
            out.add("");
            out.add(LONG_DATE.format(d.value()));
            out.add("");
        } else if (v instanceof byte[] || LanguagePrimitives.isEnumerable(v)) {
            LanguagePrimitives.enumerate(v).forEach(o -> out.addAll(lines(o)));
        } else {
            out.addAll(List.of(LanguagePrimitives.toStr(v).split("\r?\n", -1)));
        }
        return out;
    }

    /** A property value inside list or table output: collections as {a, b}. */
    private static String inline(Object v) {
        if (v != null && LanguagePrimitives.isEnumerable(v)) {
            List<String> parts = new ArrayList<>();
            LanguagePrimitives.enumerate(v).forEach(o -> parts.add(LanguagePrimitives.toStr(o)));
            return "{" + String.join(", ", parts) + "}";
        }
        return LanguagePrimitives.toStr(v);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Out-String: the rendered lines, CRLF-joined with a trailing CRLF. */
    static String text(List<Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            for (String line : lines(v)) {
                sb.append(line).append("\r\n");
            }
        }
        return sb.toString();
    }
}
