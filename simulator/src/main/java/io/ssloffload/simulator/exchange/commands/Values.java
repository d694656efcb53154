package io.ssloffload.simulator.exchange.commands;

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

    /**
     * Names from a parameter bound by value or from the pipeline: each string as it is, each
     * object by its {@code property}; $null gives none.
     */
    static List<String> names(Object value, String property) {
        List<String> names = new ArrayList<>();
        for (Object item : items(value)) {
            names.add(item instanceof PsObject o && o.has(property) ? String.valueOf(o.get(property)) : String.valueOf(item));
        }
        return names;
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
