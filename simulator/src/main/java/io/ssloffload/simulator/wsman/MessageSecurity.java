package io.ssloffload.simulator.wsman;

/**
 * The session security an authentication left on a connection, as [MS-WSMV] 2.2.9.1 uses it for
 * {@code multipart/encrypted} bodies: each message is a signature (the NTLM MAC, or the header of
 * a Kerberos wrap token) and the sealed bytes.
 */
interface MessageSecurity {

    record Wrapped(byte[] signature, byte[] sealed) {
    }

    /** Seals a message from the server to the client. */
    Wrapped wrap(byte[] message);

    /** Unseals a message from the client and checks its signature and sequence number. */
    byte[] unwrap(byte[] signature, byte[] sealed) throws SecurityException;
}
