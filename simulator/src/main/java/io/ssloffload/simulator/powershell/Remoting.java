package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;

/** What crossing a remoting boundary does to values: objects arrive as "Deserialized." property bags. */
final class Remoting {

    private static final int MAX_DEPTH = 2;

    private Remoting() {
    }

    static Object deserialize(Object v) {
        return deserialize(v, 0);
    }

    private static Object deserialize(Object v, int depth) {
        if (v == null || v instanceof String || v instanceof Boolean || LanguagePrimitives.isNumber(v)
                || v instanceof Character || v instanceof PsDateTime || v instanceof byte[]
                || v instanceof PsSecureString || v instanceof PsCredential || v instanceof PsRemoteSession) {
            return v;
        }
        if (v instanceof ScriptBlock sb) {
            return sb.text();
        }
        if (depth > MAX_DEPTH) {
            return LanguagePrimitives.toStr(v);
        }
        if (v instanceof PsHashtable h) {
            PsHashtable copy = new PsHashtable(h.isOrdered());
            h.forEach((k, val) -> copy.put(k, deserialize(val, depth + 1)));
            return copy;
        }
        if (LanguagePrimitives.isEnumerable(v)) {
            List<Object> items = new ArrayList<>();
            for (Object o : LanguagePrimitives.enumerate(v)) {
                items.add(deserialize(o, depth + 1));
            }
            return items.toArray();
        }
        if (v instanceof PsObject o) {
            List<String> names = new ArrayList<>();
            for (String t : o.typeNames()) {
                names.add(t.startsWith("Deserialized.") ? t : "Deserialized." + t);
            }
            PsObject copy = new PsObject(names, LanguagePrimitives.toStr(o));
            for (String p : o.propertyNames()) {
                copy.with(p, deserialize(o.get(p), depth + 1));
            }
            return copy;
        }
        return LanguagePrimitives.toStr(v);
    }

    /** Output of a remote command: deserialized, and objects tagged with the computer they came from. */
    static Object fromRemote(Object v, PsRemoteSession session) {
        Object d = deserialize(v);
        if (d instanceof PsObject o && !(d instanceof PsRemoteSession)) {
            o.with("PSComputerName", session.get("ComputerName")).with("RunspaceId",
                    "00000000-0000-0000-0000-" + String.format("%012d", (Integer) session.get("Id")))
                    .with("PSShowComputerName", true);
        }
        return d;
    }
}
