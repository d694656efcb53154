package io.ssloffload.simulator.powershell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ConvertTo-Json / ConvertFrom-Json as Windows PowerShell 5.1 (JavaScriptSerializer) does them. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    // ------------------------------------------------------------------ ConvertTo-Json

    /** A value prepared for serialization: Map (object), List (array) or a primitive. */
    static Object prepare(Object v, int depth, int maxDepth) {
        if (v == null || v instanceof String || v instanceof Boolean || LanguagePrimitives.isNumber(v)) {
            return v;
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v instanceof PsDateTime d) {
            return new DateValue(d.value().toInstant().toEpochMilli());
        }
        if (depth > maxDepth) {
            return LanguagePrimitives.toStr(v);
        }
        if (v instanceof PsHashtable h) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<Object, Object> e : h.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new PsException(new PsErrorRecord("The type '" + h + "' is not supported for serialization or "
                            + "deserialization of a dictionary. Keys must be strings.", "NonStringKeyInDictionary",
                            "InvalidOperation", null), "InvalidOperationException");
                }
                out.put(key, prepare(e.getValue(), depth + 1, maxDepth));
            }
            return out;
        }
        if (LanguagePrimitives.isEnumerable(v)) {
            List<Object> out = new ArrayList<>();
            for (Object o : LanguagePrimitives.enumerate(v)) {
                out.add(prepare(o, depth + 1, maxDepth));
            }
            return out;
        }
        if (v instanceof PsObject o) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String p : o.propertyNames()) {
                out.put(p, prepare(o.get(p), depth + 1, maxDepth));
            }
            return out;
        }
        if (v instanceof PsSecureString s) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Length", s.length());
            return out;
        }
        return LanguagePrimitives.toStr(v);
    }

    /** A DateTime as JavaScriptSerializer writes it. */
    record DateValue(long epochMillis) {
    }

    static String compact(Object prepared) {
        StringBuilder sb = new StringBuilder();
        writeCompact(prepared, sb);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void writeCompact(Object v, StringBuilder sb) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                writeString(e.getKey(), sb);
                sb.append(':');
                writeCompact(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                writeCompact(l.get(i), sb);
            }
            sb.append(']');
        } else {
            writeScalar(v, sb);
        }
    }

    private static void writeScalar(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            writeString(s, sb);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof DateValue d) {
            sb.append("\"\\/Date(").append(d.epochMillis()).append(")\\/\"");
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else {
            sb.append(LanguagePrimitives.toStr(v));
        }
    }

    /** JavaScriptSerializer's escaping: also {@code < > & '} as \\u00XX so the text is HTML-safe. */
    static void writeString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * PowerShell 5.1's indented form: 4-space steps, two spaces after the colon, and a nested
     * object or array indented under the start of its value (ConvertToPrettyJsonString).
     */
    static String pretty(Object prepared) {
        StringBuilder sb = new StringBuilder();
        if (prepared instanceof Map<?, ?> || prepared instanceof List<?>) {
            writePretty(prepared, "", sb);
        } else {
            writeScalar(prepared, sb);
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void writePretty(Object v, String pad, StringBuilder sb) {
        String inner = pad + "    ";
        if (v instanceof Map<?, ?> m) {
            sb.append("{\r\n");
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (!first) {
                    sb.append(",\r\n");
                }
                first = false;
                StringBuilder key = new StringBuilder();
                writeString(e.getKey(), key);
                sb.append(inner).append(key).append(":  ");
                Object value = e.getValue();
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    writePretty(value, inner + " ".repeat(key.length() + 3), sb);
                } else {
                    writeScalar(value, sb);
                }
            }
            sb.append("\r\n").append(pad).append('}');
        } else {
            List<Object> list = (List<Object>) v;
            sb.append("[\r\n");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(",\r\n");
                }
                sb.append(inner);
                Object value = list.get(i);
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    writePretty(value, inner, sb);
                } else {
                    writeScalar(value, sb);
                }
            }
            sb.append("\r\n").append(pad).append(']');
        }
    }

    // ------------------------------------------------------------------ ConvertFrom-Json

    static Object parse(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String at = text.trim();
            String primitive = at.isEmpty() ? "" : at.split("[\\s,:\\[\\]{}]", 2)[0];
            throw new PsException(new PsErrorRecord("Invalid JSON primitive: " + primitive + ".",
                    "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand", "NotSpecified",
                    null), "ArgumentException");
        }
        return node == null ? null : convert(node);
    }

    private static Object convert(JsonNode n) {
        if (n.isObject()) {
            PsObject o = new PsObject();
            Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                o.with(f.getKey(), convert(f.getValue()));
            }
            return o;
        }
        if (n.isArray()) {
            List<Object> items = new ArrayList<>();
            n.forEach(c -> items.add(convert(c)));
            return items.toArray();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.intValue() : n.canConvertToLong() ? (Object) n.longValue()
                    : n.decimalValue();
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return null;
    }
}
