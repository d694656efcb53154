package io.ssloffload.operator.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * A {@code .ps1} resource plus its parameters, turned into the cmd.exe command lines that run it.
 *
 * <p>Parameters travel as data: they are serialised to JSON, gzip'd, base64-encoded, and decoded by
 * a fixed prelude into {@code $Params}. The only thing ever inserted into script text is base64
 * (letters, digits, {@code + / =}), which cannot end a quoted string, so no user value can change
 * what the script does.
 *
 * <p>The script reaches powershell.exe the same way: gzip'd and base64-encoded inside a fixed
 * {@code -Command} that expands and runs it. {@code -EncodedCommand} would be simpler, but its UTF-16
 * base64 is five times the length of gzip'd base64, and a script that fits one command line starts
 * powershell.exe once instead of once per uploaded piece: a server's whole change (every vdir,
 * Set-OutlookAnywhere, the observation after) is then one process. cmd.exe sees only the fixed text
 * and base64 between double quotes: no {@code %}, no quote, nothing it expands.
 */
public final class PowerShellScript {

    /** cmd.exe refuses longer command lines ("The command line is too long."). */
    static final int CMD_LINE_LIMIT = 8191;

    /**
     * Expand-Text turns gzip'd base64 back into text, as {@link #compressed} made it; with New-Object,
     * not {@code [T]::new}, which Windows Server 2012 R2's PowerShell 4.0 lacks.
     */
    private static final String POWERSHELL_FORMAT = "powershell -NoProfile -NonInteractive -Command \""
            + "function Expand-Text($text) { $bytes = New-Object -TypeName System.IO.MemoryStream -ArgumentList"
            + " (,[System.Convert]::FromBase64String($text)); $gzip = New-Object -TypeName System.IO.Compression.GZipStream"
            + " -ArgumentList $bytes, ([System.IO.Compression.CompressionMode]::Decompress);"
            + " (New-Object -TypeName System.IO.StreamReader -ArgumentList $gzip).ReadToEnd() };"
            + " Invoke-Expression (Expand-Text '%s')\"";
    private static final String PRELUDE_FORMAT = "$Params = Expand-Text '%s' | ConvertFrom-Json%n";
    /** Base64 characters of the uploaded script per upload command; keeps each line well under the limit. */
    private static final int UPLOAD_CHUNK = 5000;
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
     * A resource without its whole-line comments, blank lines and indentation: they are for readers
     * of the {@code .ps1} files, and leaving them out keeps every script one command within cmd.exe's
     * limit (the scripts have no here-strings, whose lines would keep their blanks).
     */
    private static String resource(String name) {
        try (InputStream in = PowerShellScript.class.getResourceAsStream("scripts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no script resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
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
            return String.format(PRELUDE_FORMAT, compressed(JSON.writeValueAsBytes(parameters))) + body;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parameters of " + name + " are not serialisable", e);
        }
    }

    /**
     * The command lines to run, in order; only the last one's output matters. Usually one
     * powershell.exe; when that would pass cmd.exe's limit, the script is uploaded in pieces to a
     * file under {@code %TEMP%} and the last command runs and deletes it.
     */
    public List<String> commandLines(Object parameters) {
        String script = text(parameters);
        String direct = commandLine(script);
        if (direct.length() <= CMD_LINE_LIMIT) {
            return List.of(direct);
        }
        String file = "(Join-Path $env:TEMP 'sslo-" + UUID.randomUUID() + ".b64')";
        String payload = compressed(script.getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (int start = 0; start < payload.length(); start += UPLOAD_CHUNK) {
            String chunk = payload.substring(start, Math.min(payload.length(), start + UPLOAD_CHUNK));
            lines.add(commandLine("Add-Content -Path " + file + " -Value '" + chunk + "' -NoNewline"));
        }
        lines.add(commandLine("$file = " + file + "\n"
                + "$script = Expand-Text (Get-Content -Path $file -Raw)\n"
                + "Remove-Item -Path $file\n"
                + "Invoke-Expression $script"));
        return lines;
    }

    private static String commandLine(String script) {
        return String.format(POWERSHELL_FORMAT, compressed(script.getBytes(StandardCharsets.UTF_8)));
    }

    private static String compressed(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
