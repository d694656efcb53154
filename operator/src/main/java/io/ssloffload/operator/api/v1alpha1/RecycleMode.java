package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How changed protocols are restarted. */
public enum RecycleMode {
    /** Recycle only the app pools whose protocol changed (the default: nothing else is interrupted). */
    @JsonProperty("AppPools") APP_POOLS,
    /** Microsoft's script ends with {@code iisreset /noforce}: every protocol is interrupted. Opt-in only. */
    @JsonProperty("IisReset") IIS_RESET
}
