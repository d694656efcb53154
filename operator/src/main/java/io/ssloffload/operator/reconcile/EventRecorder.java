package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.plan.Rfc3339;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Records {@link ServerAction}s as core/v1 Events on the resource (what `kubectl describe` shows),
 * and logs each as one line naming the resource. Callers record changes made and transitions
 * seen, never a steady state, so a reconcile that finds nothing new records nothing.
 */
final class EventRecorder {

    static final String COMPONENT = "exchange-ssl-offload-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private EventRecorder() {
    }

    static void record(KubernetesClient client, ExchangeSslOffload resource, ServerAction action, Instant now) {
        String namespace = resource.getMetadata().getNamespace();
        LOG.info("{}/{} {} [{}]", namespace, resource.getMetadata().getName(), action.message(), action.reason());
        String time = Rfc3339.format(now);
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(resource.getMetadata().getName() + ".")
                    .withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(resource.getApiVersion())
                            .withKind(resource.getKind()).withName(resource.getMetadata().getName())
                            .withNamespace(namespace).withUid(resource.getMetadata().getUid()).build())
                    .withType(action.reason().type()).withReason(action.reason().name()).withMessage(action.message())
                    .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy: the change is done and status says so; never fail a reconcile for it.
            LOG.warn("could not record event {} for {}/{}: {}", action.reason(), namespace,
                    resource.getMetadata().getName(), e.getMessage());
        }
    }
}
