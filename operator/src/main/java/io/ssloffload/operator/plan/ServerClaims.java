package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Two resources naming the same server (by name or by address, as Windows and DNS compare them:
 * case-insensitively) would overwrite each other's settings. The earlier one holds the server:
 * ordered by creationTimestamp, then namespace and name, so every operator process (and every
 * restart) decides alike. Pure.
 */
public final class ServerClaims {

    private ServerClaims() {
    }

    /** {@code server} of ours is held by {@code holder} (namespace/name). */
    public record Claim(String server, String holder) {
    }

    /** The first of our servers that an earlier resource among {@code all} also names; empty when none. */
    public static Optional<Claim> heldByAnother(ExchangeSslOffload resource, Collection<ExchangeSslOffload> all) {
        List<ServerSpec> ours = servers(resource);
        return all.stream()
                .filter(other -> !sameResource(resource, other))
                .filter(other -> ORDER.compare(other, resource) < 0)
                .sorted(ORDER)
                .flatMap(other -> ours.stream()
                        .filter(server -> servers(other).stream().anyMatch(theirs -> sameServer(server, theirs)))
                        .map(server -> new Claim(server.getName(), key(other))))
                .findFirst();
    }

    static final Comparator<ExchangeSslOffload> ORDER = Comparator
            .comparing(ServerClaims::created, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ServerClaims::key);

    private static boolean sameServer(ServerSpec a, ServerSpec b) {
        return equalIgnoringCase(a.getName(), b.getName()) || equalIgnoringCase(a.getAddress(), b.getAddress());
    }

    private static boolean equalIgnoringCase(String a, String b) {
        return a != null && b != null && a.trim().toLowerCase(Locale.ROOT).equals(b.trim().toLowerCase(Locale.ROOT));
    }

    private static List<ServerSpec> servers(ExchangeSslOffload resource) {
        return resource.getSpec() == null || resource.getSpec().getServers() == null ? List.of()
                : resource.getSpec().getServers().stream().filter(Objects::nonNull).toList();
    }

    private static boolean sameResource(ExchangeSslOffload a, ExchangeSslOffload b) {
        return key(a).equals(key(b));
    }

    private static String key(ExchangeSslOffload resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    private static Instant created(ExchangeSslOffload resource) {
        String timestamp = resource.getMetadata().getCreationTimestamp();
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
