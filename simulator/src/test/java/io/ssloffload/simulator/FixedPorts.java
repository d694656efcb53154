package io.ssloffload.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fixed ports for tests that need them, drawn below the kernel's ephemeral range: ports handed out
 * for port 0, and clients' source ports, come from that range, so a port below it is taken only
 * by another test that chose it the same way — and {@link #bind} then simply draws again.
 */
final class FixedPorts {

    /** Where to draw when the ephemeral range leaves too little room below it. */
    private static final int FALLBACK_LOW = 20_000;
    private static final int FALLBACK_HIGH = 30_000;
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 20;

    /** What to do with a base port; a {@link BindException} anywhere in what it throws means "draw again". */
    interface Binding<T> {
        T bind(int base) throws Exception;
    }

    private FixedPorts() {
    }

    /** Runs {@code binding} with a base such that {@code base .. base + count - 1} lie below the ephemeral range. */
    static <T> T bind(int count, Binding<T> binding) throws Exception {
        int[] range = drawRange(count);
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(range[0], range[1] - count + 1);
            try {
                return binding.bind(base);
            } catch (Exception e) {
                if (WinRmShell.cause(e, BindException.class).isEmpty()) {
                    throw e;
                }
                last = e;
            }
        }
        throw new IOException("no " + count + " free consecutive ports after " + ATTEMPTS + " draws", last);
    }

    /**
     * A base of {@code count} ports that were free a moment ago, for another process to bind: only a
     * test drawing the same way can take them in between, as ports below the ephemeral range.
     */
    static int free(int count) throws Exception {
        return bind(count, base -> {
            List<ServerSocket> probes = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    probes.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } finally {
                for (ServerSocket probe : probes) {
                    probe.close();
                }
            }
        });
    }

    /** [low, high): below /proc/sys/net/ipv4/ip_local_port_range's first port, or the fallback range. */
    private static int[] drawRange(int count) {
        int ephemeralLow;
        try {
            ephemeralLow = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip()
                    .split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ephemeralLow - LOWEST >= 100 * count ? new int[]{LOWEST, ephemeralLow} : new int[]{FALLBACK_LOW, FALLBACK_HIGH};
    }
}
