package io.ssloffload.simulator.powershell;

import java.util.List;

/** A .NET System.Version value ("6.3.9600.0"): Major, Minor, Build, Revision (-1 when not given). */
final class SystemVersion {

    private SystemVersion() {
    }

    static PsObject of(String text) {
        String[] parts = text.split("\\.");
        PsObject version = new PsObject(List.of("System.Version", "System.Object"), text);
        String[] names = {"Major", "Minor", "Build", "Revision"};
        for (int i = 0; i < names.length; i++) {
            version.with(names[i], i < parts.length ? Integer.parseInt(parts[i]) : -1);
        }
        return version;
    }
}
