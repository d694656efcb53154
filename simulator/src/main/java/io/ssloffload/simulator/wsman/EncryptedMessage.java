package io.ssloffload.simulator.wsman;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WS-Management body encrypted with the connection's session security, framed as [MS-WSMV]
 * 2.2.9.1.1 says (and Windows, winrm4j and pywinrm write it):
 * <pre>
 * --Encrypted Boundary\r\n
 * \tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n
 * \tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=N\r\n
 * --Encrypted Boundary\r\n
 * \tContent-Type: application/octet-stream\r\n
 * [signature length, 4 bytes little-endian][signature][N sealed bytes]--Encrypted Boundary--\r\n
 * </pre>
 */
final class EncryptedMessage {

    static final String PROTOCOL = "application/HTTP-SPNEGO-session-encrypted";
    static final String CONTENT_TYPE = "multipart/encrypted;protocol=\"" + PROTOCOL + "\";boundary=\"Encrypted Boundary\"";
    private static final String BOUNDARY = "--Encrypted Boundary";
    private static final byte[] OCTET_STREAM_HEADER = "\tContent-Type: application/octet-stream\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = (BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LENGTH = Pattern.compile("Length=(\\d+)");
    private static final Pattern ORIGINAL_TYPE = Pattern.compile("OriginalContent:\\s*type=([^;\\r\\n]+)", Pattern.CASE_INSENSITIVE);

    private EncryptedMessage() {
    }

    /** Whether a request's Content-Type says its body is encrypted with SPNEGO session security. */
    static boolean isEncrypted(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/encrypted")
                && contentType.toLowerCase(Locale.ROOT).contains(PROTOCOL.toLowerCase(Locale.ROOT));
    }

    /** The SOAP envelope inside {@code body}; a malformed frame or a bad signature is a SecurityException. */
    static byte[] decrypt(byte[] body, MessageSecurity security) {
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1);
        if (!head.startsWith(BOUNDARY + "\r\n")) {
            throw new SecurityException("the encrypted body does not start with " + BOUNDARY);
        }
        Matcher type = ORIGINAL_TYPE.matcher(head);
        Matcher length = LENGTH.matcher(head);
        if (!type.find() || !type.group(1).trim().equalsIgnoreCase("application/soap+xml") || !length.find()) {
            throw new SecurityException("the encrypted body has no OriginalContent type and Length");
        }
        int payload = indexOf(body, OCTET_STREAM_HEADER, 0);
        if (payload < 0) {
            throw new SecurityException("the encrypted body has no application/octet-stream part");
        }
        payload += OCTET_STREAM_HEADER.length;
        int originalLength = Integer.parseInt(length.group(1));
        if (payload + 4 > body.length) {
            throw new SecurityException("the encrypted part is truncated");
        }
        int signatureLength = Ntlm.le32(body, payload);
        int sealedAt = payload + 4 + signatureLength;
        if (signatureLength < 0 || sealedAt + originalLength + END.length > body.length
                || !Arrays.equals(body, sealedAt + originalLength, sealedAt + originalLength + END.length, END, 0, END.length)) {
            throw new SecurityException("the encrypted part does not hold a signature and " + originalLength + " sealed bytes");
        }
        return security.unwrap(Arrays.copyOfRange(body, payload + 4, sealedAt),
                Arrays.copyOfRange(body, sealedAt, sealedAt + originalLength));
    }

    static byte[] encrypt(byte[] envelope, MessageSecurity security) {
        MessageSecurity.Wrapped wrapped = security.wrap(envelope);
        ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + 256);
        out.writeBytes((BOUNDARY + "\r\n\tContent-Type: " + PROTOCOL + "\r\n\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length="
                + envelope.length + "\r\n" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(OCTET_STREAM_HEADER);
        out.writeBytes(Ntlm.le32(wrapped.signature().length));
        out.writeBytes(wrapped.signature());
        out.writeBytes(wrapped.sealed());
        out.writeBytes(END);
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
