package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Windows PowerShell 5.1's formatting engine for what admins look at here: table and list views
 * over objects' properties, laid out as its TableWriter, ColumnWidthManager and ListWriter do
 * (PowerShell's public source, FormatAndOutput/common, which 5.1's engine shares), at
 * {@link #WIDTH} columns. Views come from the type (PowerShell's DotNetTypes.format.ps1xml for
 * ServiceController, DictionaryEntry and Version); other objects get every property, in a table
 * when they have at most four, else in a list.
 */
final class ConsoleFormat {

    /**
     * Columns of the console a WinRM command's output is formatted for. PowerShell's formatter
     * falls back to 120 columns when it cannot read a console window width (OutCommandInner and
     * TableWriter: "implicit remoting has no console window ... we default to something
     * reasonable: 120 columns"), and 120 is also the console buffer width Windows Server 2016 and
     * later give a new console. The WinRS host's own width was not measured here.
     */
    static final int WIDTH = 120;
    /** $FormatEnumerationLimit's default. */
    private static final int ENUMERATION_LIMIT = 4;
    /** A table of all properties shows at most this many (TableViewGenerator). */
    private static final int MAX_TABLE_COLUMNS = 10;
    /** Objects with more properties than this are shown as a list by default. */
    private static final int PROPERTY_COUNT_FOR_TABLE = 4;
    private static final String ELLIPSIS = "...";
    private static final String LIST_SEPARATOR = " : ";
    static final String DICTIONARY_ENTRY = "System.Collections.DictionaryEntry";

    enum Shape { TABLE, LIST }

    /** A column or list field: its label, its width (0: the engine decides), right alignment, its value. */
    record Field(String label, int width, boolean rightAligned, Function<Object, Object> value) {
    }

    private record TypeViews(List<Field> table, List<Field> list) {
    }

    private static final Map<String, TypeViews> VIEWS = Map.of(
            "System.ServiceProcess.ServiceController", new TypeViews(
                    List.of(property("Status", 8), property("Name", 18), property("DisplayName", 38)),
                    List.of(property("Name", 0), property("DisplayName", 0), property("Status", 0),
                            property("DependentServices", 0), property("ServicesDependedOn", 0),
                            property("CanPauseAndContinue", 0), property("CanShutdown", 0), property("CanStop", 0),
                            property("ServiceType", 0))),
            DICTIONARY_ENTRY, new TypeViews(List.of(property("Name", 30), property("Value", 0)),
                    List.of(property("Name", 0), property("Value", 0))),
            "System.Version", new TypeViews(List.of(property("Major", 6), property("Minor", 6), property("Build", 6),
                    property("Revision", 8)), null));

    private ConsoleFormat() {
    }

    private static Field property(String name, int width) {
        return new Field(name, width, false, o -> Members.get(o, name));
    }

    // ------------------------------------------------------------------ what an object is

    /** Objects the engine lays out in views; everything else is written as its string (out of band). */
    static boolean hasView(Object v) {
        return v instanceof PsObject o && !(v instanceof PsRemoteSession) && !(v instanceof FormatRecord)
                && !(v instanceof ErrorRecordObject) && !o.propertyNames().isEmpty();
    }

    /** The type a view is chosen by: deserialized objects use their original type's views. */
    static String viewType(Object v) {
        String type = ((PsObject) v).typeNames().get(0);
        return type.startsWith("Deserialized.") ? type.substring("Deserialized.".length()) : type;
    }

    /** What the formatter shows for a hashtable: its entries, as DictionaryEntry objects. */
    static List<Object> expandDictionary(PsHashtable table) {
        List<Object> entries = new ArrayList<>();
        table.entrySet().forEach(e -> entries.add(new PsObject(List.of(DICTIONARY_ENTRY, "System.ValueType",
                "System.Object"), "System.Collections.DictionaryEntry").with("Name", e.getKey()).with("Key", e.getKey())
                .with("Value", e.getValue())));
        return entries;
    }

    /** Out-Default's shape: the type's table view, else list for objects with more than four properties. */
    static Shape defaultShape(Object first) {
        TypeViews views = VIEWS.get(viewType(first));
        if (views != null) {
            return views.table() != null ? Shape.TABLE : Shape.LIST;
        }
        return shownProperties(first).size() <= PROPERTY_COUNT_FOR_TABLE ? Shape.TABLE : Shape.LIST;
    }

    /** The fields of a view of {@code shape} for objects like {@code first}. */
    static List<Field> fields(Object first, Shape shape) {
        TypeViews views = VIEWS.get(viewType(first));
        if (views != null && (shape == Shape.TABLE ? views.table() : views.list()) != null) {
            return shape == Shape.TABLE ? views.table() : views.list();
        }
        List<Field> fields = new ArrayList<>();
        for (String name : shownProperties(first)) {
            fields.add(new Field(name, 0, isRightAligned(Members.get(first, name)), o -> Members.get(o, name)));
        }
        return shape == Shape.TABLE && fields.size() > MAX_TABLE_COLUMNS ? fields.subList(0, MAX_TABLE_COLUMNS) : fields;
    }

    /** Every property, without PSShowComputerName (and PSComputerName when it says not to show it). */
    private static List<String> shownProperties(Object v) {
        PsObject o = (PsObject) v;
        boolean showComputerName = !Boolean.FALSE.equals(o.get("PSShowComputerName"));
        return o.propertyNames().stream().filter(p -> !p.equalsIgnoreCase("PSShowComputerName"))
                .filter(p -> showComputerName || !p.equalsIgnoreCase("PSComputerName")).toList();
    }

    /** Numbers and booleans are right-aligned; strings and everything else left-aligned. */
    static boolean isRightAligned(Object value) {
        return value instanceof Number || value instanceof Boolean || value instanceof Character;
    }

    /** A value as a table cell or list field shows it: collections as {a, b, c, d...}, null as nothing. */
    static String display(Object value) {
        if (value == null) {
            return "";
        }
        if (LanguagePrimitives.isEnumerable(value)) {
            StringBuilder sb = new StringBuilder("{");
            int count = 0;
            for (Object item : LanguagePrimitives.enumerate(value)) {
                if (count == ENUMERATION_LIMIT) {
                    sb.append(ELLIPSIS);
                    break;
                }
                sb.append(count == 0 ? "" : ", ").append(LanguagePrimitives.toStr(item));
                count++;
            }
            return sb.append('}').toString();
        }
        if (value instanceof PsHashtable) {
            return "System.Collections.Hashtable";
        }
        return LanguagePrimitives.toStr(value);
    }

    // ------------------------------------------------------------------ tables

    /** A laid-out table: its column widths after ColumnWidthManager, the fields and whether headers show. */
    static final class Table {
        private final List<Field> fields;
        private final int[] widths;
        private final boolean[] right;
        private final boolean hideHeaders;

        /**
         * Widths as OutCommandInner sets them: a column without a width in the view (and every column
         * with -AutoSize) is as wide as its label and its widest cell among {@code rows}; then the
         * columns are fitted to {@code screenWidth}, trimming or hiding the last ones.
         */
        Table(List<Field> fields, List<List<String>> rows, boolean autoSize, boolean hideHeaders, int screenWidth,
              boolean[] rightAligned) {
            this.fields = fields;
            this.hideHeaders = hideHeaders;
            this.right = rightAligned;
            int n = fields.size();
            widths = new int[n];
            boolean autosizeFromData = autoSize || (n > 0 && fields.get(0).width() == 0);
            for (int k = 0; k < n; k++) {
                if (autosizeFromData) {
                    widths[k] = fields.get(k).label().length();
                    for (List<String> row : rows) {
                        widths[k] = Math.max(widths[k], row.get(k).length());
                    }
                } else {
                    widths[k] = fields.get(k).width();
                }
            }
            fitColumns(widths, screenWidth);
        }

        List<String> header() {
            if (hideHeaders) {
                return List.of();
            }
            List<String> labels = fields.stream().map(Field::label).toList();
            List<String> dashes = new ArrayList<>();
            for (int k = 0; k < fields.size(); k++) {
                dashes.add("-".repeat(Math.max(0, Math.min(widths[k], labels.get(k).length()))));
            }
            return List.of(row(labels), row(dashes));
        }

        String row(List<String> cells) {
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (int k = 0; k < widths.length; k++) {
                if (widths[k] <= 0) {
                    continue;
                }
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(cell(cells.get(k), widths[k], right[k]));
            }
            return sb.toString();
        }
    }

    /** ColumnWidthManager.CalculateColumnWidths: widths of 0 share the room left; too wide trims from the right. */
    static void fitColumns(int[] widths, int tableWidth) {
        int n = widths.length;
        boolean[] fixed = new boolean[n];
        boolean allSpecified = true;
        for (int k = 0; k < n; k++) {
            fixed[k] = widths[k] > 0;
            allSpecified &= fixed[k];
            if (widths[k] == 0) {
                widths[k] = 1;
            }
        }
        int available = tableWidth - currentWidth(widths);
        if (!allSpecified && available > 0) {
            while (available > 0) {
                for (int k = 0; k < n && available > 0; k++) {
                    if (!fixed[k]) {
                        widths[k]++;
                        available--;
                    }
                }
            }
            return;
        }
        while (currentWidth(widths) > tableWidth) {
            int last = -1;
            for (int k = 0; k < n && widths[k] >= 0; k++) {
                last = k;
            }
            if (last < 0) {
                return;
            }
            int shrunk = widths[last] - (currentWidth(widths) - tableWidth);
            widths[last] = shrunk < 1 ? -1 : shrunk;
        }
    }

    private static int currentWidth(int[] widths) {
        int sum = 0;
        int visible = 0;
        for (int w : widths) {
            if (w > 0) {
                sum += w;
                visible++;
            }
        }
        return sum + Math.max(0, visible - 1);
    }

    /** TableWriter.GenerateRowField: the value up to its first line break, padded or cut with "...". */
    private static String cell(String value, int width, boolean rightAligned) {
        String s = value == null ? "" : value;
        int lineBreak = indexOfLineBreak(s);
        if (lineBreak >= 0) {
            s = s.substring(0, lineBreak) + ELLIPSIS;
        }
        if (s.length() < width) {
            String pad = " ".repeat(width - s.length());
            return rightAligned ? pad + s : s + pad;
        }
        if (s.length() > width) {
            int keep = width - ELLIPSIS.length();
            if (keep > 0) {
                return rightAligned ? ELLIPSIS + s.substring(s.length() - keep) : s.substring(0, keep) + ELLIPSIS;
            }
            return rightAligned ? s.substring(s.length() - width) : s.substring(0, width);
        }
        return s;
    }

    private static int indexOfLineBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n' || s.charAt(i) == '\r') {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ lists

    /** ListWriter: labels padded to the longest, " : ", values word-wrapped to the rest of the line. */
    static List<String> listEntry(List<String> labels, List<String> values, int screenWidth) {
        List<String> lines = new ArrayList<>();
        int labelWidth = 0;
        for (String label : labels) {
            labelWidth = Math.max(labelWidth, label.length());
        }
        labelWidth = Math.min(labelWidth, screenWidth - LIST_SEPARATOR.length() - 1);
        int prefixWidth = labelWidth + LIST_SEPARATOR.length();
        String padding = " ".repeat(prefixWidth);
        for (int k = 0; k < labels.size(); k++) {
            String label = labels.get(k);
            String prefix = (label.length() > labelWidth ? label.substring(0, labelWidth)
                    : label + " ".repeat(labelWidth - label.length())) + LIST_SEPARATOR;
            boolean firstLine = true;
            for (String valueLine : values.get(k).replace("\r", "").split("\n", -1)) {
                for (String wrapped : wrap(valueLine, screenWidth - prefixWidth)) {
                    lines.add((firstLine ? prefix : padding) + wrapped);
                    firstLine = false;
                }
            }
        }
        return lines;
    }

    /**
     * StringManipulationHelper.GenerateLinesWithWordWrap (en-US): words keep the blank after them,
     * a word longer than a line is broken where the line ends.
     */
    static List<String> wrap(String line, int width) {
        if (line.length() <= width || width <= 0) {
            return List.of(line);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int spacesLeft = width;
        for (String word : words(line)) {
            if (word.length() > width) {
                for (char c : word.toCharArray()) {
                    if (spacesLeft < 1) {
                        out.add(current.toString());
                        current.setLength(0);
                        spacesLeft = width;
                    }
                    current.append(c);
                    spacesLeft--;
                }
            } else if (word.length() > spacesLeft) {
                out.add(current.toString());
                current.setLength(0);
                current.append(word);
                spacesLeft = width - word.length();
            } else {
                current.append(word);
                spacesLeft -= word.length();
            }
        }
        out.add(current.toString());
        return out;
    }

    /** Words with the blank or tab that ends each, as GetWords splits them. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : line.toCharArray()) {
            word.append(c);
            if (c == ' ' || c == '\t') {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        words.add(word.toString());
        return words;
    }

    /** A property name pattern of -Property (wildcards allowed) against an object's shown properties. */
    static List<String> matchingProperties(Object item, String pattern) {
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return List.of(pattern);
        }
        return shownProperties(item).stream().filter(p -> LanguagePrimitives.like(p, pattern, false)).toList();
    }
}
