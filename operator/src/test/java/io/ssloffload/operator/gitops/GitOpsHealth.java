package io.ssloffload.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * How GitOps tools read an ExchangeSslOffload document: Argo CD through the shipped Lua health
 * script (run by luaj, Lua 5.1 like Argo CD's gopher-lua), Flux through kstatus's rules (Go only,
 * so restated here from sigs.k8s.io/cli-utils/pkg/kstatus/status for custom resources).
 */
public final class GitOpsHealth {

    public static final Path ARGOCD_SCRIPT = Path.of("..", "gitops", "argocd-health.lua");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GitOpsHealth() {
    }

    public record Verdict(String status, String message) {
    }

    /** Argo CD's verdict: the script's {@code hs.status} (Healthy, Progressing, Degraded) and message. */
    public static Verdict argoCd(String document) {
        try {
            Globals globals = JsePlatform.standardGlobals();
            globals.set("obj", lua(JSON.readTree(document)));
            LuaValue result = globals.load(Files.readString(ARGOCD_SCRIPT), "argocd-health.lua").call();
            return new Verdict(result.get("status").tojstring(), result.get("message").optjstring(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kstatus's verdict for a custom resource: Terminating with a deletionTimestamp; InProgress when
     * status.observedGeneration is set and differs from metadata.generation, or Reconciling=True;
     * Failed when Stalled=True; else Current (also with no status at all).
     */
    public static String kstatus(String document) {
        try {
            JsonNode resource = JSON.readTree(document);
            if (resource.path("metadata").hasNonNull("deletionTimestamp")) {
                return "Terminating";
            }
            JsonNode status = resource.path("status");
            if (status.has("observedGeneration")
                    && status.get("observedGeneration").asLong() != resource.path("metadata").path("generation").asLong()) {
                return "InProgress";
            }
            for (JsonNode condition : status.path("conditions")) {
                String type = condition.path("type").asText();
                boolean isTrue = "True".equals(condition.path("status").asText());
                if (isTrue && type.equals("Reconciling")) {
                    return "InProgress";
                }
                if (isTrue && type.equals("Stalled")) {
                    return "Failed";
                }
            }
            return "Current";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON as Argo CD hands it to Lua: objects and arrays as tables (arrays 1-based), numbers as numbers. */
    private static LuaValue lua(JsonNode node) {
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                table.set(field.getKey(), lua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, lua(node.get(i)));
            }
            return table;
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
    }
}
