package io.ssloffload.simulator.windows;

import java.util.Map;
import java.util.TreeMap;

/**
 * A process environment as Windows keeps it: names are case-insensitive ({@code %Path%} and
 * {@code %PATH%} are the same variable) but keep the spelling they were set with.
 */
public final class WindowsEnvironment {

    private WindowsEnvironment() {
    }

    public static Map<String, String> empty() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    public static Map<String, String> copyOf(Map<String, String> variables) {
        Map<String, String> copy = empty();
        copy.putAll(variables);
        return copy;
    }

    /**
     * The variables a WinRS shell of {@code userName} starts with on {@code computerName}, before
     * the client's own Environment/Variable entries are applied.
     */
    public static Map<String, String> defaultsFor(String computerName, String userName) {
        Map<String, String> env = empty();
        String profile = "C:\\Users\\" + userName;
        String temp = profile + "\\AppData\\Local\\Temp";
        env.put("ALLUSERSPROFILE", "C:\\ProgramData");
        env.put("APPDATA", profile + "\\AppData\\Roaming");
        env.put("CommonProgramFiles", "C:\\Program Files\\Common Files");
        env.put("COMPUTERNAME", computerName);
        env.put("ComSpec", "C:\\Windows\\system32\\cmd.exe");
        env.put("LOCALAPPDATA", profile + "\\AppData\\Local");
        env.put("NUMBER_OF_PROCESSORS", "4");
        env.put("OS", "Windows_NT");
        env.put("Path", "C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;"
                + "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\");
        env.put("PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC");
        env.put("PROCESSOR_ARCHITECTURE", "AMD64");
        env.put("ProgramData", "C:\\ProgramData");
        env.put("ProgramFiles", "C:\\Program Files");
        env.put("PROMPT", "$P$G");
        env.put("PSModulePath", "C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules\\");
        env.put("PUBLIC", "C:\\Users\\Public");
        env.put("SystemDrive", "C:");
        env.put("SystemRoot", "C:\\Windows");
        env.put("TEMP", temp);
        env.put("TMP", temp);
        env.put("USERDOMAIN", computerName);
        env.put("USERNAME", userName);
        env.put("USERPROFILE", profile);
        env.put("windir", "C:\\Windows");
        return env;
    }

    /**
     * The same on a machine where installed software added system variables ({@code installed});
     * a {@code Path} entry is appended to Path, as installers do.
     */
    public static Map<String, String> defaultsFor(String computerName, String userName, Map<String, String> installed) {
        Map<String, String> env = defaultsFor(computerName, userName);
        installed.forEach((name, value) -> env.merge(name, value,
                (current, added) -> name.equalsIgnoreCase("Path") ? current + ";" + added : added));
        return env;
    }
}
