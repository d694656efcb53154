package io.ssloffload.simulator.powershell;

import java.util.Map;
import java.util.TreeMap;

/** A variable and function scope; lookups fall back to the enclosing (calling) scope. */
final class Scope {

    final Scope parent;
    private final Map<String, Object> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, ScriptBlockValue> functions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object get(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.variables.containsKey(name)) {
                return s.variables.get(name);
            }
        }
        return null;
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }

    void remove(String name) {
        variables.remove(name);
    }

    boolean hasLocal(String name) {
        return variables.containsKey(name);
    }

    void defineFunction(String name, ScriptBlockValue body) {
        functions.put(name, body);
    }

    ScriptBlockValue function(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            ScriptBlockValue f = s.functions.get(name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
