package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Plain records for planner and status tests: a CU23 server and the desired state of a typical spec. */
public final class PlanFixtures {

    public static final ExchangeBuild CU23 = ExchangeBuild.parse("15.0.1497.2");
    public static final SslFlags SHIPPED = SslFlags.parse("Ssl,Ssl128");

    public static final OutlookAnywhereSettings WANTED_OA = new OutlookAnywhereSettings(
            "mail.contoso.com", "cas.contoso.local", true, true,
            AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm, List.of(), true);

    private PlanFixtures() {
    }

    public static DesiredOffload desired(Set<Protocol> scope) {
        return desired(scope, RecycleMode.APP_POOLS);
    }

    public static DesiredOffload desired(Set<Protocol> scope, RecycleMode recycle) {
        return new DesiredOffload(scope, Map.of(),
                scope.contains(Protocol.OUTLOOK_ANYWHERE) ? Optional.of(WANTED_OA) : Optional.empty(),
                recycle, Duration.ofMinutes(15), Duration.ofMinutes(1));
    }

    public static DesiredOffload allProtocols() {
        return desired(Protocol.offloadableProtocols());
    }

    /** Every offloadable protocol observed with the same flags and no Extended Protection. */
    public static ServerObservation observedEverywhere(ExchangeBuild build, SslFlags flags) {
        Map<Protocol, SslFlags> sslFlags = new EnumMap<>(Protocol.class);
        Map<Protocol, String> tokenChecking = new EnumMap<>(Protocol.class);
        for (Protocol protocol : Protocol.offloadableProtocols()) {
            sslFlags.put(protocol, flags);
            tokenChecking.put(protocol, "None");
        }
        return new ServerObservation(build, sslFlags, tokenChecking, Optional.empty(), Optional.empty());
    }

    public static ServerObservation with(ServerObservation observation, Protocol protocol, SslFlags flags) {
        Map<Protocol, SslFlags> sslFlags = new EnumMap<>(observation.sslFlags());
        sslFlags.put(protocol, flags);
        return new ServerObservation(observation.build(), sslFlags, observation.extendedProtection(),
                observation.rpcAuthentication(), observation.outlookAnywhere());
    }

    public static ServerObservation withTokenChecking(ServerObservation observation, Protocol protocol, String value) {
        Map<Protocol, String> tokenChecking = new EnumMap<>(observation.extendedProtection());
        tokenChecking.put(protocol, value);
        return new ServerObservation(observation.build(), observation.sslFlags(), tokenChecking,
                observation.rpcAuthentication(), observation.outlookAnywhere());
    }

    /** The observation with Rpc's IIS authentication as observe-iis.ps1 reports it. */
    public static ServerObservation withRpcAuthentication(ServerObservation observation, AuthenticationMethod... methods) {
        return new ServerObservation(observation.build(), observation.sslFlags(), observation.extendedProtection(),
                Optional.of(Set.of(methods)), observation.outlookAnywhere());
    }

    /** AD as Get-OutlookAnywhere shows it, with Exchange's own defaults filled in. */
    public static OutlookAnywhereSettings adWith(boolean sslOffloading) {
        return new OutlookAnywhereSettings("mail.contoso.com", "cas.contoso.local", true, true,
                AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm,
                List.of(AuthenticationMethod.Basic, AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate),
                sslOffloading);
    }
}
