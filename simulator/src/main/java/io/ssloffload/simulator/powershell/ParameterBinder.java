package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Binds a command's arguments to its parameters as PowerShell's parameter binder does. */
final class ParameterBinder {

    sealed interface Argument permits Named, Positional {
        Extent extent();
    }

    /** {@code -Name}, {@code -Name:value} or a splatted entry; hasValue for the colon form and splatting. */
    record Named(String name, Object value, boolean hasValue, Extent extent) implements Argument {
    }

    record Positional(Object value, Extent extent) implements Argument {
    }

    /** The outcome: bound parameters, leftovers for $args, common parameters, pipeline target. */
    record Binding(Map<String, Object> bound, List<Object> extras, Map<String, Object> common,
                   ParameterSpec pipelineParameter) {
    }

    static final List<ParameterSpec> COMMON = List.of(
            ParameterSpec.named("ErrorAction").withAliases("ea"),
            ParameterSpec.named("WarningAction").withAliases("wa"),
            ParameterSpec.named("InformationAction").withAliases("infa"),
            ParameterSpec.named("ErrorVariable").withAliases("ev"),
            ParameterSpec.named("WarningVariable").withAliases("wv"),
            ParameterSpec.named("InformationVariable").withAliases("iv"),
            ParameterSpec.named("OutVariable").withAliases("ov"),
            ParameterSpec.named("OutBuffer").withAliases("ob"),
            ParameterSpec.named("PipelineVariable").withAliases("pv"),
            ParameterSpec.switchParam("Verbose").withAliases("vb"),
            ParameterSpec.switchParam("Debug").withAliases("db"));

    private ParameterBinder() {
    }

    static Map<String, Object> newBoundMap() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    static Binding bind(String command, List<ParameterSpec> specs, boolean withCommon, boolean allowExtras,
                        List<Argument> args, boolean hasInput, Extent commandExtent) {
        List<ParameterSpec> all = new ArrayList<>(specs);
        if (withCommon) {
            for (ParameterSpec c : COMMON) {
                if (specs.stream().noneMatch(s -> s.name().equalsIgnoreCase(c.name()))) {
                    all.add(c);
                }
            }
        }
        Map<String, Object> bound = newBoundMap();
        Map<String, Object> common = newBoundMap();
        List<Object> extras = new ArrayList<>();
        List<Positional> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Argument a = args.get(i);
            if (a instanceof Positional p) {
                positional.add(p);
                continue;
            }
            Named n = (Named) a;
            ParameterSpec spec = match(command, all, n);
            if (spec == null) {
                if (!allowExtras) {
                    throw bindingError(command, "A parameter cannot be found that matches parameter name '"
                            + n.name() + "'.", "NamedParameterNotFound", n.extent());
                }
                extras.add("-" + n.name() + (n.hasValue() ? ":" : ""));
                if (n.hasValue()) {
                    extras.add(n.value());
                }
                continue;
            }
            boolean isCommon = !specs.contains(spec);
            Map<String, Object> target = isCommon ? common : bound;
            if (target.containsKey(spec.name())) {
                throw bindingError(command, "Cannot bind parameter because parameter '" + spec.name() + "' is specified "
                        + "more than once. To provide multiple values to parameters that can accept multiple values, "
                        + "use the array syntax. For example, \"-parameter value1,value2,value3\".",
                        "ParameterAlreadyBound", n.extent());
            }
            Object value;
            if (spec.isSwitch()) {
                value = !n.hasValue() || booleanArgument(command, spec.name(), n.value(), Types.SWITCH, n.extent());
            } else if (n.hasValue()) {
                value = n.value();
            } else if (i + 1 < args.size() && args.get(i + 1) instanceof Positional next) {
                value = next.value();
                i++;
            } else {
                throw bindingError(command, "Missing an argument for parameter '" + spec.name() + "'. Specify a "
                        + "parameter of type 'System.Object' and try again.", "MissingArgument", n.extent());
            }
            target.put(spec.name(), value);
        }
        List<ParameterSpec> positions = specs.stream()
                .filter(s -> s.position() >= 0 && !s.isSwitch() && !bound.containsKey(s.name()))
                .sorted(Comparator.comparingInt(ParameterSpec::position)).collect(Collectors.toList());
        for (Positional p : positional) {
            if (!positions.isEmpty()) {
                bound.put(positions.remove(0).name(), p.value());
            } else if (allowExtras) {
                extras.add(p.value());
            } else {
                throw bindingError(command, "A positional parameter cannot be found that accepts argument '"
                        + LanguagePrimitives.toStr(p.value()) + "'.", "PositionalParameterNotFound", p.extent());
            }
        }
        ParameterSpec pipelineParameter = null;
        if (hasInput) {
            pipelineParameter = specs.stream().filter(s -> s.valueFromPipeline() && !bound.containsKey(s.name()))
                    .findFirst().orElse(null);
        }
        ParameterSpec pipe = pipelineParameter;
        List<String> missing = specs.stream().filter(s -> s.mandatory() && !bound.containsKey(s.name()) && s != pipe)
                .map(ParameterSpec::name).toList();
        if (!missing.isEmpty()) {
            throw bindingError(command, "Cannot process command because of one or more missing mandatory parameters: "
                    + String.join(" ", missing) + ".", "MissingMandatoryParameter", commandExtent);
        }
        for (ParameterSpec s : specs) {
            if (s.mandatory() && bound.containsKey(s.name())) {
                rejectEmpty(command, s, bound.get(s.name()), commandExtent);
            }
        }
        return new Binding(bound, extras, common, pipelineParameter);
    }

    /** {@link LanguagePrimitives#toBooleanArgument} as the binder reports its failure. */
    static boolean booleanArgument(String command, String parameter, Object value, String type, Extent extent) {
        try {
            return LanguagePrimitives.toBooleanArgument(value, parameter, command, type);
        } catch (PsException e) {
            throw new RuntimeError(new ErrorRecordObject(e.record(), e.exceptionType(), command, command, extent),
                    false);
        }
    }

    /** PowerShell's check on a mandatory parameter's argument (without [AllowNull()] and friends). */
    private static void rejectEmpty(String command, ParameterSpec spec, Object value, Extent extent) {
        if (spec.emptyArguments() == ParameterSpec.EmptyArguments.ALLOW) {
            return;
        }
        boolean checksEmpty = spec.emptyArguments() == ParameterSpec.EmptyArguments.REJECT_NULL_AND_EMPTY;
        String what = value == null ? "null" : !checksEmpty ? null : "".equals(value) ? "an empty string"
                : LanguagePrimitives.isEnumerable(value) && LanguagePrimitives.asList(value).isEmpty() ? "an empty array"
                : null;
        if (what == null) {
            return;
        }
        String id = value == null ? "ParameterArgumentValidationErrorNullNotAllowed"
                : "".equals(value) ? "ParameterArgumentValidationErrorEmptyStringNotAllowed"
                : "ParameterArgumentValidationErrorEmptyArrayNotAllowed";
        PsErrorRecord record = new PsErrorRecord("Cannot bind argument to parameter '" + spec.name() + "' because it is "
                + what + ".", id + "," + command, "InvalidData", null);
        throw new RuntimeError(new ErrorRecordObject(record, "ParameterBindingValidationException", command, command,
                extent), false);
    }

    private static ParameterSpec match(String command, List<ParameterSpec> all, Named n) {
        String name = n.name().toLowerCase(Locale.ROOT);
        for (ParameterSpec s : all) {
            if (s.name().equalsIgnoreCase(name) || s.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(name))) {
                return s;
            }
        }
        List<ParameterSpec> candidates = all.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).startsWith(name)
                || s.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).startsWith(name))).toList();
        if (candidates.size() > 1) {
            String options = candidates.stream().map(s -> "-" + s.name()).collect(Collectors.joining(" "));
            throw bindingError(command, "Parameter cannot be processed because the parameter name '" + n.name()
                    + "' is ambiguous. Possible matches include: " + options + ".", "AmbiguousParameter", n.extent());
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    static RuntimeError bindingError(String command, String message, String id, Extent extent) {
        PsErrorRecord record = new PsErrorRecord(message, id + "," + command, "InvalidArgument", null);
        return new RuntimeError(new ErrorRecordObject(record, "ParameterBindingException", command, command, extent),
                false);
    }
}
