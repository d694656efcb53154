package io.ssloffload.simulator;

import io.ssloffload.simulator.wsman.FaultInjector;
import io.ssloffload.simulator.wsman.FaultRule;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WsmanFaultKind;
import io.ssloffload.simulator.wsman.WsmanOperation;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A fault as the admin endpoint receives it in JSON:
 * {@code {"operation":"Receive","nth":1,"always":false,"kind":"delay","ms":500}}.
 * {@code nth} (default 1) counts requests of the operation from now on; {@code always} true
 * faults that request and every later one. Kinds: {@code delay} (with {@code ms}), {@code reset},
 * {@code 401}, {@code 500} (with {@code fault}, a WS-Management fault such as {@code TimedOut}),
 * {@code neverFinish} (Command only), {@code malformed}.
 */
public record FaultRequest(String operation, Integer nth, Boolean always, String kind, Long ms, String fault) {

    /** Adds the rule to {@code faults}; a request that does not describe a fault changes nothing. */
    public FaultRule addTo(FaultInjector faults) {
        WsmanOperation wsmanOperation = wsmanOperation();
        InjectedFault injected = injectedFault(wsmanOperation);
        int count = nth == null ? 1 : nth;
        if (count < 1) {
            throw new IllegalArgumentException("nth counts from 1: " + count);
        }
        return Boolean.TRUE.equals(always) ? faults.fromNth(wsmanOperation, count, injected)
                : faults.once(wsmanOperation, count, injected);
    }

    private WsmanOperation wsmanOperation() {
        if (operation == null) {
            throw new IllegalArgumentException("operation is required: one of " + Arrays.toString(WsmanOperation.values()));
        }
        return Arrays.stream(WsmanOperation.values()).filter(op -> op.name().equalsIgnoreCase(operation.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown operation " + operation + ": one of "
                        + Arrays.toString(WsmanOperation.values())));
    }

    private InjectedFault injectedFault(WsmanOperation wsmanOperation) {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required: delay, reset, 401, 500, neverFinish or malformed");
        }
        return switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "delay" -> {
                if (ms == null || ms < 0) {
                    throw new IllegalArgumentException("a delay needs ms >= 0");
                }
                yield InjectedFault.delay(Duration.ofMillis(ms));
            }
            case "reset" -> InjectedFault.connectionReset();
            case "401" -> InjectedFault.unauthorized();
            case "500" -> InjectedFault.fault(wsmanFaultKind());
            case "neverfinish" -> {
                if (wsmanOperation != WsmanOperation.COMMAND) {
                    throw new IllegalArgumentException("neverFinish applies to Command only");
                }
                yield InjectedFault.neverFinish();
            }
            case "malformed" -> InjectedFault.malformedResponse();
            default -> throw new IllegalArgumentException("unknown kind " + kind
                    + ": delay, reset, 401, 500, neverFinish or malformed");
        };
    }

    /** TimedOut, TIMED_OUT and timed_out all name {@link WsmanFaultKind#TIMED_OUT}. */
    private WsmanFaultKind wsmanFaultKind() {
        if (fault == null) {
            throw new IllegalArgumentException("a 500 needs fault: one of " + Arrays.toString(WsmanFaultKind.values()));
        }
        String wanted = fault.replace("_", "").trim();
        return Arrays.stream(WsmanFaultKind.values())
                .filter(k -> k.name().replace("_", "").equalsIgnoreCase(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault " + fault + ": one of "
                        + Arrays.toString(WsmanFaultKind.values())));
    }
}
