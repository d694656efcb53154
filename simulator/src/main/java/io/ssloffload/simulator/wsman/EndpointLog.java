package io.ssloffload.simulator.wsman;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An append-only record readable by tests while the endpoint runs. */
public final class EndpointLog<T> {

    private final List<T> entries = new CopyOnWriteArrayList<>();

    void add(T entry) {
        entries.add(entry);
    }

    /** A snapshot, oldest first. */
    public List<T> entries() {
        return List.copyOf(entries);
    }
}
