package io.ssloffload.simulator.wsman;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * NTLM sealing and signing with extended session security ([MS-NLMP] 3.4.4.2 and 3.4.5): a
 * signing and a sealing key per direction derived from the exported session key, one RC4 stream
 * per direction for the life of the connection, and a sequence number per direction from 0.
 */
final class NtlmSessionSecurity implements MessageSecurity {

    private static final byte[] CLIENT_SIGNING = magic("session key to client-to-server signing key magic constant");
    private static final byte[] SERVER_SIGNING = magic("session key to server-to-client signing key magic constant");
    private static final byte[] CLIENT_SEALING = magic("session key to client-to-server sealing key magic constant");
    private static final byte[] SERVER_SEALING = magic("session key to server-to-client sealing key magic constant");

    private final boolean keyExchange;
    private final byte[] clientSigningKey;
    private final byte[] serverSigningKey;
    private final Cipher clientSealing;
    private final Cipher serverSealing;
    private int incomingSequence;
    private int outgoingSequence;

    /** Null when the client did not negotiate sealing with extended session security. */
    static NtlmSessionSecurity of(Ntlm.Authenticated authenticated) {
        int flags = authenticated.flags();
        if ((flags & Ntlm.NEGOTIATE_SEAL) == 0 || (flags & Ntlm.EXTENDED_SESSIONSECURITY) == 0) {
            return null;
        }
        return new NtlmSessionSecurity(authenticated.exportedSessionKey(), flags);
    }

    private NtlmSessionSecurity(byte[] exportedSessionKey, int flags) {
        this.keyExchange = (flags & Ntlm.NEGOTIATE_KEY_EXCH) != 0;
        this.clientSigningKey = Ntlm.md5(Ntlm.concat(exportedSessionKey, CLIENT_SIGNING));
        this.serverSigningKey = Ntlm.md5(Ntlm.concat(exportedSessionKey, SERVER_SIGNING));
        byte[] sealBase = (flags & Ntlm.NEGOTIATE_128) != 0 ? exportedSessionKey
                : Arrays.copyOf(exportedSessionKey, (flags & Ntlm.NEGOTIATE_56) != 0 ? 7 : 5);
        this.clientSealing = Ntlm.rc4(Ntlm.md5(Ntlm.concat(sealBase, CLIENT_SEALING)));
        this.serverSealing = Ntlm.rc4(Ntlm.md5(Ntlm.concat(sealBase, SERVER_SEALING)));
    }

    @Override
    public synchronized Wrapped wrap(byte[] message) {
        byte[] sealed = serverSealing.update(message);
        byte[] signature = signature(serverSigningKey, serverSealing, outgoingSequence++, message);
        return new Wrapped(signature, sealed);
    }

    @Override
    public synchronized byte[] unwrap(byte[] signature, byte[] sealed) {
        if (signature.length != 16) {
            throw new SecurityException("an NTLM signature has 16 bytes, not " + signature.length);
        }
        byte[] message = sealed.length == 0 ? new byte[0] : clientSealing.update(sealed);
        byte[] expected = signature(clientSigningKey, clientSealing, incomingSequence, message);
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new SecurityException("the message signature or sequence number (expected "
                    + incomingSequence + ") does not match");
        }
        incomingSequence++;
        return message;
    }

    /** NTLMSSP_MESSAGE_SIGNATURE with extended session security: version 1, checksum, sequence number. */
    private byte[] signature(byte[] signingKey, Cipher sealing, int sequence, byte[] message) {
        byte[] sequenceBytes = Ntlm.le32(sequence);
        byte[] checksum = Arrays.copyOf(Ntlm.hmacMd5(signingKey, Ntlm.concat(sequenceBytes, message)), 8);
        if (keyExchange) {
            checksum = sealing.update(checksum);
        }
        return Ntlm.concat(Ntlm.concat(Ntlm.le32(1), checksum), sequenceBytes);
    }

    private static byte[] magic(String text) {
        return (text + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
