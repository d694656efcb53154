package io.ssloffload.operator.remote;

import java.time.Duration;

/** Told of every remote command a session ran, for metrics. Must be quick and must not throw. */
@FunctionalInterface
public interface RemoteCallListener {

    RemoteCallListener NONE = (command, took, failure) -> { };

    /**
     * @param command the script's file name (observe-iis.ps1, ...) or iisreset: a small fixed set
     * @param failure null when the command succeeded
     */
    void completed(String command, Duration took, CasException.Kind failure);
}
