package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** SSL offloading, declared once for a fleet of Exchange Client Access Servers. */
@Group("ssloffload.io")
@Version("v1alpha1")
@Kind("ExchangeSslOffload")
@Plural("exchangessloffloads")
@Singular("exchangessloffload")
// "exchangesslofload" is how users actually type it; it must work as a name too.
@ShortNames({"sslo", "exchangesslofload"})
// The generator orders printer columns by jsonPath (case-insensitively) and kubectl shows them in
// that order. To read READY, REASON, SERVERS, AGE the status columns use recursive descent ("..",
// sorts before ".metadata"; only status has a "summary" and only status.conditions has a "Ready"
// type) and REASON the bracket spelling ('[' sorts after '.'). The API server requires a leading '.'.
@AdditionalPrinterColumn(name = "READY", jsonPath = "..conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = "..conditions[?(@.type==\"Ready\")]['reason']",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SERVERS", jsonPath = "..summary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ExchangeSslOffload extends CustomResource<ExchangeSslOffloadSpec, ExchangeSslOffloadStatus>
        implements Namespaced {
}
