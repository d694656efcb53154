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

    /** Empty when absent, empty or not base64 (an API server never stores that, a cache or a file might). */
    public static Optional<String> value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        String value;
        if (data != null && data.get(key) != null) {
            try {
                value = new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        } else {
            Map<String, String> stringData = secret.getStringData();
            value = stringData == null ? null : stringData.get(key);
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }
}
