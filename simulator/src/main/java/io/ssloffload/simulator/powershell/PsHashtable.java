package io.ssloffload.simulator.powershell;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code @{}} and {@code [ordered]@{}}: string keys compare case-insensitively as PowerShell's
 * hashtables do. Both keep insertion order (a real {@code @{}} enumerates in hash order, which
 * no script may rely on), so output is deterministic.
 */
public final class PsHashtable extends AbstractMap<Object, Object> {

    private final Map<Object, Map.Entry<Object, Object>> entries = new LinkedHashMap<>();
    private final boolean ordered;

    public PsHashtable(boolean ordered) {
        this.ordered = ordered;
    }

    public PsHashtable() {
        this(false);
    }

    public boolean isOrdered() {
        return ordered;
    }

    private static Object fold(Object key) {
        return key instanceof String s ? s.toLowerCase(Locale.ROOT) : key;
    }

    @Override
    public Object get(Object key) {
        Map.Entry<Object, Object> e = entries.get(fold(key));
        return e == null ? null : e.getValue();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(fold(key));
    }

    @Override
    public Object put(Object key, Object value) {
        Map.Entry<Object, Object> e = entries.get(fold(key));
        if (e != null) {
            return e.setValue(value);
        }
        entries.put(fold(key), new SimpleEntry<>(key, value));
        return null;
    }

    @Override
    public Object remove(Object key) {
        Map.Entry<Object, Object> e = entries.remove(fold(key));
        return e == null ? null : e.getValue();
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Object, Object>> iterator() {
                Iterator<Map.Entry<Object, Object>> it = entries.values().iterator();
                return new Iterator<>() {
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    public Map.Entry<Object, Object> next() {
                        return it.next();
                    }

                    public void remove() {
                        it.remove();
                    }
                };
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }

    public PsHashtable copy() {
        PsHashtable c = new PsHashtable(ordered);
        c.putAll(this);
        return c;
    }

    @Override
    public String toString() {
        return ordered ? "System.Collections.Specialized.OrderedDictionary" : "System.Collections.Hashtable";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
