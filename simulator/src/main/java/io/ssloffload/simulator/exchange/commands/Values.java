package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsException;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Conversions of interpreter values to what a cmdlet needs, with PowerShell's binding errors. */
final class Values {

    private Values() {
    }

    /** A single string: a one-element array is unwrapped, $null stays null. */
    static String string(Object value) {
        List<Object> items = items(value);
        if (items.isEmpty()) {
            return null;
        }
        return items.size() == 1 ? String.valueOf(items.get(0)) : String.join(" ", items.stream().map(String::valueOf).toList());
    }

    /** The elements of an array or collection, or the single value; $null gives none. */
    static List<Object> items(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).filter(java.util.Objects::nonNull).toList();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().filter(java.util.Objects::nonNull).map(o -> (Object) o).toList();
        }
        return List.of(value);
    }

    static List<String> strings(Object value) {
        return items(value).stream().map(String::valueOf).toList();
    }

    /** Names from pipeline objects or strings: a PsObject gives its {@code property}. */
    static List<String> names(List<Object> values, String property) {
        List<String> names = new ArrayList<>();
        for (Object value : values) {
            for (Object item : items(value)) {
                names.add(item instanceof PsObject o && o.has(property) ? String.valueOf(o.get(property)) : String.valueOf(item));
            }
        }
        return names;
    }

    /**
     * A [bool] parameter: PowerShell binds only Booleans and numbers; any other value, including
     * the text "True", is a binding error that names the value's type.
     */
    static Boolean bool(Object value, String parameter, String cmdlet) {
        Object v = value instanceof Object[] array && array.length == 1 ? array[0] : value;
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        String type = v instanceof String ? "System.String" : v instanceof Object[] ? "System.Object[]" : String.valueOf(v);
        throw new PsException(new PsErrorRecord("Cannot process argument transformation on parameter '" + parameter
                + "'. Cannot convert value \"" + type + "\" to type \"System.Boolean\". Boolean "
                + "parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
                "ParameterArgumentTransformationError," + cmdlet, "InvalidData", v));
    }

    /** PowerShell's -like: * and ? wildcards, case-insensitive. */
    static boolean like(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(text).matches();
    }

    static boolean hasWildcard(String pattern) {
        return pattern.contains("*") || pattern.contains("?");
    }
}
