package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** A Secret's value by key, from {@code data} (base64) or {@code stringData} (a manifest not yet applied). */
public final class SecretValues {

    private SecretValues() {
    }

    public static Optional<String> value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            return Optional.of(new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
        }
        Map<String, String> stringData = secret.getStringData();
        return Optional.ofNullable(stringData == null ? null : stringData.get(key));
    }
}
