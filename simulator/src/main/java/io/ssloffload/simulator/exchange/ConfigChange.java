package io.ssloffload.simulator.exchange;

/**
 * One write to IIS configuration and who made it (Set-WebConfigurationProperty, appcmd,
 * the Service Host, setup). A value of null means "not set explicitly" (inherited).
 */
public record ConfigChange(String time, String origin, String location, String attribute,
                           String oldValue, String newValue) {
}
