package io.ssloffload.simulator.powershell;

import java.util.Map;

/** A script block value: its parsed body, its source text and the $using: values it carries. */
final class ScriptBlockValue implements ScriptBlock {

    final Ast.Block body;
    private final String text;
    final Map<String, Object> usingValues;

    ScriptBlockValue(Ast.Block body, String text, Map<String, Object> usingValues) {
        this.body = body;
        this.text = text;
        this.usingValues = usingValues;
    }

    ScriptBlockValue(Ast.Block body, String text) {
        this(body, text, null);
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
