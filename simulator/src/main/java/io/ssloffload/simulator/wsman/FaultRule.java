package io.ssloffload.simulator.wsman;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injects {@code fault} into requests of one operation: on the {@code nth} such request the
 * endpoint receives after the rule was added (1 = the next one), and, when {@code repeat}, on
 * every one after it too.
 */
public final class FaultRule {

    private final WsmanOperation operation;
    private final int nth;
    private final boolean repeat;
    private final InjectedFault fault;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger fired = new AtomicInteger();

    FaultRule(WsmanOperation operation, int nth, boolean repeat, InjectedFault fault) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth counts from 1, got " + nth);
        }
        this.operation = operation;
        this.nth = nth;
        this.repeat = repeat;
        this.fault = fault;
    }

    /** Counts the request when it is of this rule's operation; true if the rule applies to it. */
    boolean matches(WsmanOperation requestOperation) {
        if (requestOperation != operation) {
            return false;
        }
        int count = seen.incrementAndGet();
        boolean applies = repeat ? count >= nth : count == nth;
        if (applies) {
            fired.incrementAndGet();
        }
        return applies;
    }

    public InjectedFault fault() {
        return fault;
    }

    public WsmanOperation operation() {
        return operation;
    }

    /** How many requests this rule has changed so far. */
    public int timesFired() {
        return fired.get();
    }
}
