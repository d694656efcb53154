package io.ssloffload.simulator.powershell;

/**
 * A secret the interpreter holds (its SecureString): hosts that must check a password, such as an
 * Exchange endpoint checking a {@code PSCredential}, read it through this and never print it.
 */
public interface SecretText {

    String reveal();
}
