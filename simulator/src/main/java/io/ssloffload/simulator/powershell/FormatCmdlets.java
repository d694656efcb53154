package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Format-Table (ft) and Format-List (fl): format records for Out-Default, laid out by
 * {@link ConsoleFormat}. {@code -Property} takes names (wildcards), script blocks and hashtables
 * with Label/Name, Expression, Width and Alignment (Left, Right); Format-Table also takes
 * {@code -AutoSize} and {@code -HideTableHeaders}. Without {@code -Property} the type's view or
 * every property is used, a new sequence starting when the type changes.
 */
final class FormatCmdlets {

    private FormatCmdlets() {
    }

    static void register(CommandTable t) {
        t.register(new BuiltinCmdlets.Simple("Format-Table", List.of(ParameterSpec.positional("Property", 0),
                ParameterSpec.switchParam("AutoSize"), ParameterSpec.switchParam("HideTableHeaders"),
                ParameterSpec.named("InputObject").fromPipeline()),
                c -> format(c, ConsoleFormat.Shape.TABLE, c.switchOn("AutoSize"), c.switchOn("HideTableHeaders"))));
        t.register(new BuiltinCmdlets.Simple("Format-List", List.of(ParameterSpec.positional("Property", 0),
                ParameterSpec.named("InputObject").fromPipeline()),
                c -> format(c, ConsoleFormat.Shape.LIST, false, false)));
    }

    private static void format(CmdletContextImpl c, ConsoleFormat.Shape shape, boolean autoSize, boolean hideHeaders) {
        List<Object> properties = c.isPresent("Property") ? LanguagePrimitives.asList(c.get("Property")) : List.of();
        List<Object> input = new ArrayList<>();
        for (Object item : c.inputOr("InputObject")) {
            if (item instanceof PsHashtable table) {
                input.addAll(ConsoleFormat.expandDictionary(table));
            } else if (item != null) {
                input.add(item);
            }
        }
        FormatSequence sequence = null;
        String sequenceType = null;
        for (Object item : input) {
            if (!ConsoleFormat.hasView(item)) {
                if (sequence != null) {
                    sequence.addOutOfBand(OutputFormatter.outOfBand(item));
                } else {
                    OutputFormatter.outOfBand(item).forEach(line -> c.write(new FormatRecord(FormatRecord.Kind.ENTRY,
                            List.of(line))));
                }
                continue;
            }
            String type = properties.isEmpty() ? ConsoleFormat.viewType(item) : "";
            if (sequence == null || !type.equals(sequenceType)) {
                if (sequence != null) {
                    sequence.records().forEach(c::write);
                }
                List<ConsoleFormat.Field> fields = properties.isEmpty() ? ConsoleFormat.fields(item, shape)
                        : fields(c, item, properties);
                sequence = new FormatSequence(shape, fields, autoSize, hideHeaders, ConsoleFormat.WIDTH);
                sequenceType = type;
            }
            sequence.addObject(item);
        }
        if (sequence != null) {
            sequence.records().forEach(c::write);
        }
    }

    /** -Property against the first object: names and patterns, script blocks, calculated properties. */
    private static List<ConsoleFormat.Field> fields(CmdletContextImpl c, Object first, List<Object> properties) {
        List<ConsoleFormat.Field> fields = new ArrayList<>();
        for (Object p : properties) {
            if (p instanceof PsHashtable calc) {
                Object expression = entry(calc, "Expression", "e");
                Object label = entry(calc, "Label", "l") != null ? entry(calc, "Label", "l") : entry(calc, "Name", "n");
                String text = label != null ? LanguagePrimitives.toStr(label) : LanguagePrimitives.toStr(expression);
                int width = entry(calc, "Width", "w") == null ? 0
                        : LanguagePrimitives.toInt(entry(calc, "Width", "w"));
                Object alignment = entry(calc, "Alignment", "a");
                ConsoleFormat.Field base = field(c, first, text, expression);
                boolean right = alignment == null ? base.rightAligned()
                        : LanguagePrimitives.toStr(alignment).toLowerCase(Locale.ROOT).startsWith("r");
                fields.add(new ConsoleFormat.Field(text, width, right, base.value()));
            } else if (p instanceof ScriptBlockValue block) {
                fields.add(field(c, first, block.toString(), block));
            } else {
                for (String name : ConsoleFormat.matchingProperties(first, LanguagePrimitives.toStr(p))) {
                    fields.add(field(c, first, name, name));
                }
            }
        }
        return fields;
    }

    private static ConsoleFormat.Field field(CmdletContextImpl c, Object first, String label, Object expression) {
        java.util.function.Function<Object, Object> value = expression instanceof ScriptBlockValue block
                ? o -> LanguagePrimitives.collapse(c.interpreter().invokeWithItem(block, o))
                : o -> Members.get(o, LanguagePrimitives.toStr(expression));
        return new ConsoleFormat.Field(label, 0, ConsoleFormat.isRightAligned(value.apply(first)), value);
    }

    /** A hashtable key or its one-letter short form, as Format-Table accepts them. */
    private static Object entry(PsHashtable table, String key, String shortKey) {
        return table.containsKey(key) ? table.get(key) : table.get(shortKey);
    }
}
