package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How Windows finds a program: a name with a directory in it is taken as that path; a bare name
 * only in the directories of the process's PATH, trying each PATHEXT extension when it has none.
 * Nothing else is expanded ({@code %windir%} is cmd.exe's business, never PowerShell's).
 */
public final class NativeCommandSearch {

    private static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

    private NativeCommandSearch() {
    }

    public static Optional<NativeCommand> find(PsHost host, String name, Map<String, String> environment) {
        Map<String, String> env = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        env.putAll(environment);
        List<String> candidates = new ArrayList<>();
        if (name.contains("\\") || name.contains("/") || name.contains(":")) {
            candidates.addAll(withExtensions(name, env));
        } else {
            for (String directory : env.getOrDefault("PATH", "").split(";")) {
                if (!directory.isBlank()) {
                    String dir = directory.trim().replaceAll("[\\\\/]+$", "");
                    candidates.addAll(withExtensions(dir + "\\" + name, env));
                }
            }
        }
        for (String candidate : candidates) {
            Optional<NativeCommand> program = host.nativeCommand(candidate);
            if (program.isPresent()) {
                return program;
            }
        }
        return Optional.empty();
    }

    private static List<String> withExtensions(String path, Map<String, String> env) {
        String file = path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
        if (file.contains(".")) {
            return List.of(path);
        }
        List<String> paths = new ArrayList<>();
        for (String ext : env.getOrDefault("PATHEXT", DEFAULT_PATHEXT).split(";")) {
            if (!ext.isBlank()) {
                paths.add(path + ext.trim().toLowerCase(Locale.ROOT));
            }
        }
        return paths;
    }
}
