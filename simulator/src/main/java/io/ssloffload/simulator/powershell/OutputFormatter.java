package io.ssloffload.simulator.powershell;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Out-Default: renders the success stream as the console does. Strings, numbers and other values
 * without properties are written as their text (out of band); objects with properties are laid out
 * by {@link ConsoleFormat} in views, consecutive objects of one type sharing one table or list
 * (the first object's columns); hashtables as their entries (Name/Value); records from Format-*
 * as their lines. A table is printed when its sequence ends (another type, Format-* output, or the
 * end of output), so Write-Host text written meanwhile comes first, as with PowerShell's 300 ms
 * gathering of table rows in a quick script.
 */
final class OutputFormatter implements Consumer<Object> {

    private static final DateTimeFormatter LONG_DATE =
            DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy h:mm:ss a", Locale.US);

    private final Consumer<String> lineSink;
    private final int width;
    private FormatSequence open;
    private String openType;

    OutputFormatter(Consumer<String> lineSink, int width) {
        this.lineSink = lineSink;
        this.width = width;
    }

    @Override
    public void accept(Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof FormatRecord record) {
            flush();
            record.lines().forEach(lineSink);
        } else if (v instanceof PsHashtable table) {
            ConsoleFormat.expandDictionary(table).forEach(this);
        } else if (ConsoleFormat.hasView(v)) {
            String type = ConsoleFormat.viewType(v);
            if (open == null || !type.equals(openType)) {
                flush();
                ConsoleFormat.Shape shape = ConsoleFormat.defaultShape(v);
                open = new FormatSequence(shape, ConsoleFormat.fields(v, shape), false, false, width);
                openType = type;
            }
            open.addObject(v);
        } else if (v instanceof byte[] || LanguagePrimitives.isEnumerable(v)) {
            LanguagePrimitives.enumerate(v).forEach(this);
        } else if (open != null) {
            open.addOutOfBand(outOfBand(v));
        } else {
            outOfBand(v).forEach(lineSink);
        }
    }

    /** Ends the open sequence, printing it. */
    void flush() {
        if (open != null) {
            FormatSequence sequence = open;
            open = null;
            openType = null;
            sequence.records().forEach(r -> r.lines().forEach(lineSink));
        }
    }

    /** A value's lines outside any view: error records rendered, dates in long form, text split at line ends. */
    static List<String> outOfBand(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof ErrorRecordObject e) {
            out.addAll(e.render());
        } else if (v instanceof PsDateTime d) {
            out.add("");
            out.add(LONG_DATE.format(d.value()));
            out.add("");
        } else {
            out.addAll(List.of(LanguagePrimitives.toStr(v).split("\r?\n", -1)));
        }
        return out;
    }

    /** Every value's lines, as one Out-Default call prints them. */
    static List<String> lines(List<Object> values, int width) {
        List<String> lines = new ArrayList<>();
        OutputFormatter formatter = new OutputFormatter(lines::add, width);
        values.forEach(formatter);
        formatter.flush();
        return lines;
    }

    /** Out-String: the rendered lines, CRLF-joined with a trailing CRLF. */
    static String text(List<Object> values, int width) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines(values, width)) {
            sb.append(line).append("\r\n");
        }
        return sb.toString();
    }
}
