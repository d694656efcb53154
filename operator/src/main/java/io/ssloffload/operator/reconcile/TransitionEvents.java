package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.status.StatusBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Events a status change deserves, from the previous status and the new one: a protocol
 * refused, Outlook Anywhere's propagation landed or overdue, a server becoming unreachable or
 * recovering, the resource refused as a whole (Stalled by a spec or Secret). Only transitions
 * count, so each is recorded once however often the reconcile runs. Pure.
 */
final class TransitionEvents {

    private static final String OUTLOOK_ANYWHERE = Protocol.OUTLOOK_ANYWHERE.specName();

    private TransitionEvents() {
    }

    static List<ServerAction> between(ExchangeSslOffloadStatus previous, ExchangeSslOffloadStatus next) {
        List<ServerAction> events = new ArrayList<>();
        refusedAsAWhole(previous, next).ifPresent(events::add);
        for (ServerStatus server : next.getServers()) {
            ServerStatus before = StatusBuilder.previousServer(previous, server.getName());
            String name = server.getName();
            boolean wasReachable = before == null || !Boolean.FALSE.equals(before.getReachable());
            if (Boolean.FALSE.equals(server.getReachable()) && wasReachable) {
                events.add(new ServerAction(EventReason.ServerUnreachable, name + ": " + firstMessage(server)));
            } else if (Boolean.TRUE.equals(server.getReachable()) && !wasReachable) {
                events.add(new ServerAction(EventReason.ServerRecovered, name + ": reachable again"));
            }
            if (!Boolean.TRUE.equals(server.getReachable())) {
                continue;
            }
            boolean heldForExtendedProtection = false;
            for (Condition condition : server.getConditions()) {
                String was = before == null ? null : reason(before, condition.getType());
                String is = condition.getReason();
                if (Objects.equals(was, is)) {
                    continue;
                }
                String what = name + " " + condition.getType() + ": " + condition.getMessage();
                if (Reason.ExtendedProtectionEnabled.name().equals(is)) {
                    // one Event per server: every condition carries the same whole-server hold
                    if (!heldForExtendedProtection) {
                        events.add(new ServerAction(EventReason.ExtendedProtectionEnabled, what));
                    }
                    heldForExtendedProtection = true;
                } else if (Reason.Refused.name().equals(is)) {
                    events.add(new ServerAction(EventReason.Refused, what));
                } else if (Reason.PropagationOverdue.name().equals(is)) {
                    events.add(new ServerAction(EventReason.PropagationOverdue, what));
                } else if (OUTLOOK_ANYWHERE.equals(condition.getType()) && Reason.Offloaded.name().equals(is)
                        && (Reason.AwaitingPropagation.name().equals(was) || Reason.PropagationOverdue.name().equals(was))) {
                    events.add(new ServerAction(EventReason.PropagationLanded, what));
                }
            }
        }
        return events;
    }

    /** Stalled before any server (InvalidSpec, SecretNotFound, ...): the resource is refused until fixed. */
    private static Optional<ServerAction> refusedAsAWhole(ExchangeSslOffloadStatus previous, ExchangeSslOffloadStatus next) {
        Optional<Condition> stalled = stalled(next).filter(c -> "True".equals(c.getStatus()));
        if (stalled.isEmpty() || !blockedBeforeServers(next)) {
            return Optional.empty();
        }
        Optional<Condition> before = stalled(previous);
        boolean same = before.filter(c -> "True".equals(c.getStatus()) && Objects.equals(c.getReason(), stalled.get().getReason())
                && Objects.equals(c.getMessage(), stalled.get().getMessage())).isPresent();
        return same ? Optional.empty() : Optional.of(new ServerAction(EventReason.Refused,
                stalled.get().getReason() + ": " + stalled.get().getMessage()));
    }

    /** The Reconciling condition of a blocked status says it waits for the resource, not for servers. */
    private static boolean blockedBeforeServers(ExchangeSslOffloadStatus status) {
        return status.getConditions().stream().anyMatch(c -> StatusBuilder.RECONCILING.equals(c.getType())
                && "False".equals(c.getStatus()) && stalled(status).map(s -> Objects.equals(s.getReason(), c.getReason())).orElse(false));
    }

    private static Optional<Condition> stalled(ExchangeSslOffloadStatus status) {
        return status == null || status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> StatusBuilder.STALLED.equals(c.getType())).findFirst();
    }

    private static String reason(ServerStatus server, String type) {
        return server.getConditions().stream().filter(c -> type.equals(c.getType())).map(Condition::getReason)
                .findFirst().orElse(null);
    }

    private static String firstMessage(ServerStatus server) {
        return server.getConditions().isEmpty() ? "unreachable" : server.getConditions().get(0).getMessage();
    }
}
