package io.ssloffload.simulator.wsman;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The fault rules of one endpoint; tests add and clear them while it runs. */
public final class FaultInjector {

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    /** {@code fault} on the nth request of {@code operation} from now on, that one only. */
    public FaultRule once(WsmanOperation operation, int nth, InjectedFault fault) {
        return add(new FaultRule(operation, nth, false, fault));
    }

    /** {@code fault} on the nth request of {@code operation} from now on and every one after it. */
    public FaultRule fromNth(WsmanOperation operation, int nth, InjectedFault fault) {
        return add(new FaultRule(operation, nth, true, fault));
    }

    /** {@code fault} on every request of {@code operation} from now on. */
    public FaultRule always(WsmanOperation operation, InjectedFault fault) {
        return fromNth(operation, 1, fault);
    }

    public void clear() {
        rules.clear();
    }

    /** The faults for one request, in the order the rules were added; every rule counts it. */
    List<InjectedFault> faultsFor(WsmanOperation operation) {
        return rules.stream().filter(rule -> rule.matches(operation)).map(FaultRule::fault).toList();
    }

    private FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }
}
