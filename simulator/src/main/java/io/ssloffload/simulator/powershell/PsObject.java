package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An object with named properties: a {@code [pscustomobject]}, a deserialized remote object or
 * a cmdlet's output. Property lookup is case-insensitive, order is kept (ConvertTo-Json and
 * formatting use it). {@link #toString()} is what {@code [string]$obj} and string expansion give.
 */
public class PsObject {

    private final List<String> typeNames;
    private final Map<String, String> canonicalNames = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final String stringValue;

    public PsObject(List<String> typeNames, String stringValue) {
        this.typeNames = List.copyOf(typeNames);
        this.stringValue = stringValue;
    }

    public PsObject() {
        this(List.of("System.Management.Automation.PSCustomObject", "System.Object"), null);
    }

    public PsObject with(String name, Object value) {
        String key = name.toLowerCase(Locale.ROOT);
        canonicalNames.putIfAbsent(key, name);
        properties.put(key, value);
        return this;
    }

    public boolean has(String name) {
        return properties.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The property's value, or null when absent (PowerShell yields $null for a missing member). */
    public Object get(String name) {
        return properties.get(name.toLowerCase(Locale.ROOT));
    }

    /** Property names in insertion order, with their original casing. */
    public List<String> propertyNames() {
        return Collections.unmodifiableList(new ArrayList<>(canonicalNames.values()));
    }

    /** Most specific type first, e.g. {@code Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute}. */
    public List<String> typeNames() {
        return typeNames;
    }

    /** True when the object carries its own string form (a base object's ToString). */
    public boolean hasStringValue() {
        return stringValue != null;
    }

    @Override
    public String toString() {
        if (stringValue != null) {
            return stringValue;
        }
        return typeNames.isEmpty() ? "" : typeNames.get(0);
    }
}
