package io.ssloffload.operator.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A {@code .ps1} resource plus its parameters, turned into the cmd.exe command lines that run it.
 *
 * <p>Parameters travel as data: they are serialised to JSON, base64-encoded, and decoded by a
 * fixed prelude into {@code $Params}. The only thing ever inserted into script text is base64
 * (letters, digits, {@code + / =}), which cannot end a quoted string, so no user value can change
 * what the script does.
 */
public final class PowerShellScript {

    /** cmd.exe refuses longer command lines ("The command line is too long."). */
    static final int CMD_LINE_LIMIT = 8191;

    private static final String POWERSHELL = "powershell -NoProfile -NonInteractive -EncodedCommand ";
    private static final String PRELUDE_FORMAT = "$Params = [System.Text.Encoding]::UTF8.GetString("
            + "[System.Convert]::FromBase64String('%s')) | ConvertFrom-Json%n";
    /** Base64 characters of the uploaded script per upload command; keeps each line well under the limit. */
    private static final int UPLOAD_CHUNK = 2400;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String body;

    private PowerShellScript(String name, String body) {
        this.name = name;
        this.body = body;
    }

    /**
     * Loads {@code scripts/<name>} from this package's resources, after the given fragments
     * (pieces several scripts share, run first in the same scope).
     */
    public static PowerShellScript load(String name, String... fragments) {
        StringBuilder body = new StringBuilder();
        for (String fragment : fragments) {
            body.append(resource(fragment));
        }
        return new PowerShellScript(name, body.append(resource(name)).toString());
    }

    /**
     * A resource without its whole-line comments: they are for readers of the {@code .ps1} files,
     * and leaving them out keeps every script one command within cmd.exe's limit.
     */
    private static String resource(String name) {
        try (InputStream in = PowerShellScript.class.getResourceAsStream("scripts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no script resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.stripLeading().startsWith("#"))
                    .collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** The complete script text: the parameter prelude followed by the resource. */
    String text(Object parameters) {
        try {
            byte[] json = JSON.writeValueAsBytes(parameters);
            return String.format(PRELUDE_FORMAT, Base64.getEncoder().encodeToString(json)) + body;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parameters of " + name + " are not serialisable", e);
        }
    }

    /**
     * The command lines to run, in order; only the last one's output matters. Usually one
     * {@code powershell -EncodedCommand}; when that would pass cmd.exe's limit, the script is
     * uploaded in pieces to a file under {@code %TEMP%} and the last command runs and deletes it.
     */
    public List<String> commandLines(Object parameters) {
        String script = text(parameters);
        String direct = encode(script);
        if (direct.length() <= CMD_LINE_LIMIT) {
            return List.of(direct);
        }
        String file = "$env:TEMP\\sslo-" + UUID.randomUUID() + ".b64";
        String payload = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (int start = 0; start < payload.length(); start += UPLOAD_CHUNK) {
            String chunk = payload.substring(start, Math.min(payload.length(), start + UPLOAD_CHUNK));
            lines.add(encode("Add-Content -Path \"" + file + "\" -Value '" + chunk + "' -NoNewline"));
        }
        lines.add(encode("$script = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String("
                + "(Get-Content -Path \"" + file + "\" -Raw)))\n"
                + "Remove-Item -Path \"" + file + "\"\n"
                + "Invoke-Expression $script"));
        return lines;
    }

    private static String encode(String script) {
        return POWERSHELL + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }
}
