package io.ssloffload.operator.cli.convergence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes manifests of a YAML file, as {@code kubectl apply -f} reads them: several
 * documents, of which {@code apply} takes the ExchangeSslOffload resources and the Secrets (for
 * credentials and CA bundles); other kinds (a Namespace, say) are listed as ignored.
 */
public record ResourceFile(Path path, List<ExchangeSslOffload> resources, List<Secret> secrets, List<String> ignored) {

    /** The namespace of an object that names none, as kubectl would use with the default context. */
    static final String DEFAULT_NAMESPACE = "default";

    private static final String API_VERSION = new ExchangeSslOffload().getApiVersion();

    /** A file that cannot be read as manifests; the message says where and why, never a secret value. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    public static ResourceFile read(Path path) throws Unreadable {
        // fabric8's settings for Kubernetes objects (KubernetesSerialization configures the mapper it
        // is given), and strict: a misspelt field is an error, not a field silently left out
        ObjectMapper mapper = new ObjectMapper();
        new KubernetesSerialization(mapper, true);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<ExchangeSslOffload> resources = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new Unreadable(path + ": not a file");
        }
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> iterator = new YAMLMapper().readerFor(JsonNode.class).readValues(path.toFile())) {
            documents = iterator.readAll();
        } catch (IOException e) {
            if (!Files.exists(path)) {
                throw new Unreadable(path + ": no such file");
            }
            throw new Unreadable(path + ": not YAML: " + firstLine(e.getMessage()));
        }
        int number = 0;
        for (JsonNode document : documents) {
            number++;
            if (document == null || document.isNull() || document.isMissingNode()
                    || (document.isObject() && document.isEmpty())) {
                continue;
            }
            String where = path + " document " + number;
            if (!document.isObject()) {
                throw new Unreadable(where + ": not a Kubernetes object");
            }
            String apiVersion = document.path("apiVersion").asText("");
            String kind = document.path("kind").asText("");
            if (kind.equals("ExchangeSslOffload") && apiVersion.equals(API_VERSION)) {
                resources.add(withDefaults(convert(mapper, document, ExchangeSslOffload.class, where)));
            } else if (kind.equals("ExchangeSslOffload")) {
                throw new Unreadable(where + ": apiVersion " + apiVersion + " is not " + API_VERSION);
            } else if (kind.equals("Secret") && apiVersion.equals("v1")) {
                secrets.add(withDefaults(convert(mapper, document, Secret.class, where)));
            } else if (kind.isEmpty()) {
                throw new Unreadable(where + ": no kind");
            } else {
                ignored.add(kind + " " + document.path("metadata").path("name").asText("(unnamed)"));
            }
        }
        return new ResourceFile(path, List.copyOf(resources), List.copyOf(secrets), List.copyOf(ignored));
    }

    /** A Secret of the file by namespace and name. */
    Optional<Secret> secret(String namespace, String name) {
        return secrets.stream()
                .filter(s -> s.getMetadata().getNamespace().equals(namespace) && name.equals(s.getMetadata().getName()))
                .findFirst();
    }

    private static <T> T convert(ObjectMapper mapper, JsonNode document, Class<T> type, String where) throws Unreadable {
        try {
            return mapper.treeToValue(document, type);
        } catch (MismatchedInputException e) {
            // the field path, not the value: a value may be a password
            throw new Unreadable(where + " (" + type.getSimpleName() + "): " + fieldPath(e) + ": "
                    + firstLine(e.getOriginalMessage()).replaceAll("from String \"[^\"]*\"", "from the given value"));
        } catch (JsonProcessingException e) {
            throw new Unreadable(where + " (" + type.getSimpleName() + "): " + fieldPath(e));
        }
    }

    private static String fieldPath(JsonProcessingException e) {
        if (!(e instanceof MismatchedInputException mismatched) || mismatched.getPath().isEmpty()) {
            return "malformed";
        }
        StringBuilder path = new StringBuilder();
        for (var reference : mismatched.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends HasMetadata> T withDefaults(T object) {
        ObjectMeta metadata = object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
        if (metadata.getNamespace() == null || metadata.getNamespace().isBlank()) {
            metadata.setNamespace(DEFAULT_NAMESPACE);
        }
        if (metadata.getName() == null) {
            metadata.setName("");
        }
        if (metadata.getGeneration() == null) {
            // what the API server gives a new object: status.observedGeneration refers to it
            metadata.setGeneration(1L);
        }
        object.setMetadata(metadata);
        return object;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
