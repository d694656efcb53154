package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;

/**
 * One formatting sequence as Format-Table, Format-List and Out-Default produce it: a shape and
 * fields fixed by its first object, then entries and out-of-band lines (strings, errors) in the
 * order they came. A table's column widths are computed when the sequence ends, from every entry,
 * as Out-Default does with the objects it gathers before it prints a table.
 */
final class FormatSequence {

    private sealed interface Item permits Entry, OutOfBand {
    }

    private record Entry(List<String> cells) implements Item {
    }

    private record OutOfBand(List<String> lines) implements Item {
    }

    private final ConsoleFormat.Shape shape;
    private final List<ConsoleFormat.Field> fields;
    private final boolean autoSize;
    private final boolean hideHeaders;
    private final int width;
    private final List<Item> items = new ArrayList<>();

    FormatSequence(ConsoleFormat.Shape shape, List<ConsoleFormat.Field> fields, boolean autoSize, boolean hideHeaders,
                   int width) {
        this.shape = shape;
        this.fields = List.copyOf(fields);
        this.autoSize = autoSize;
        this.hideHeaders = hideHeaders;
        this.width = width;
    }

    void addObject(Object o) {
        List<String> cells = new ArrayList<>();
        for (ConsoleFormat.Field field : fields) {
            cells.add(ConsoleFormat.display(field.value().apply(o)));
        }
        items.add(new Entry(cells));
    }

    void addOutOfBand(List<String> lines) {
        items.add(new OutOfBand(List.copyOf(lines)));
    }

    /** FormatStartData, GroupStartData, the entries, GroupEndData, FormatEndData, each with its lines. */
    List<FormatRecord> records() {
        List<FormatRecord> records = new ArrayList<>();
        records.add(new FormatRecord(FormatRecord.Kind.FORMAT_START, List.of("")));
        if (shape == ConsoleFormat.Shape.TABLE) {
            List<List<String>> rows = new ArrayList<>();
            items.forEach(item -> {
                if (item instanceof Entry e) {
                    rows.add(e.cells());
                }
            });
            boolean[] right = new boolean[fields.size()];
            for (int k = 0; k < right.length; k++) {
                right[k] = fields.get(k).rightAligned();
            }
            ConsoleFormat.Table table = new ConsoleFormat.Table(fields, rows, autoSize, hideHeaders, width, right);
            records.add(new FormatRecord(FormatRecord.Kind.GROUP_START, table.header()));
            for (Item item : items) {
                records.add(item instanceof Entry e
                        ? new FormatRecord(FormatRecord.Kind.ENTRY, List.of(table.row(e.cells())))
                        : new FormatRecord(FormatRecord.Kind.ENTRY, ((OutOfBand) item).lines()));
            }
        } else {
            records.add(new FormatRecord(FormatRecord.Kind.GROUP_START, List.of("")));
            List<String> labels = fields.stream().map(ConsoleFormat.Field::label).toList();
            for (Item item : items) {
                if (item instanceof Entry e) {
                    List<String> lines = new ArrayList<>(ConsoleFormat.listEntry(labels, e.cells(), width));
                    lines.add("");
                    records.add(new FormatRecord(FormatRecord.Kind.ENTRY, lines));
                } else {
                    records.add(new FormatRecord(FormatRecord.Kind.ENTRY, ((OutOfBand) item).lines()));
                }
            }
        }
        records.add(new FormatRecord(FormatRecord.Kind.GROUP_END, List.of("")));
        records.add(new FormatRecord(FormatRecord.Kind.FORMAT_END, List.of("")));
        return records;
    }
}
