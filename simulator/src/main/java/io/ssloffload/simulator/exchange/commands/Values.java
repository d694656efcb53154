package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Conversions of interpreter values to what a cmdlet needs, with PowerShell's binding errors. */
final class Values {

    private Values() {
    }

    /** A single string, as PowerShell converts it ("True", "5"; an array's elements joined by spaces); $null stays null. */
    static String string(Object value) {
        List<Object> items = items(value);
        if (items.isEmpty()) {
            return null;
        }
        return LanguagePrimitives.toStr(items.size() == 1 ? items.get(0) : items);
    }

    /** The elements of an array or collection, or the single value; $null (and $null elements) give none. */
    static List<Object> items(Object value) {
        return LanguagePrimitives.enumerate(value).stream().filter(Objects::nonNull).toList();
    }

    static List<String> strings(Object value) {
        return items(value).stream().map(LanguagePrimitives::toStr).toList();
    }

    /**
     * Names from a parameter bound by value or from the pipeline: each string as it is, each
     * object by its {@code property}; $null gives none.
     */
    static List<String> names(Object value, String property) {
        List<String> names = new ArrayList<>();
        for (Object item : items(value)) {
            names.add(LanguagePrimitives.toStr(item instanceof PsObject o && o.has(property) ? o.get(property) : item));
        }
        return names;
    }
}
