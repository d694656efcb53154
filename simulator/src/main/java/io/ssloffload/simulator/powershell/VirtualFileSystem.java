package io.ssloffload.simulator.powershell;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A machine's files as text, by full Windows path (case-insensitive, as NTFS is by default). */
public final class VirtualFileSystem {

    private final Map<String, String> files = new ConcurrentHashMap<>();

    public Optional<String> read(String path) {
        return Optional.ofNullable(files.get(key(path)));
    }

    public void write(String path, String content) {
        files.put(key(path), content);
    }

    public void append(String path, String content) {
        files.merge(key(path), content, String::concat);
    }

    public boolean delete(String path) {
        return files.remove(key(path)) != null;
    }

    private static String key(String path) {
        return path.replace('/', '\\').toLowerCase(Locale.ROOT);
    }
}
