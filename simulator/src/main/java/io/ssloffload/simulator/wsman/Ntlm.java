package io.ssloffload.simulator.wsman;

import io.ssloffload.simulator.powershell.WindowsRelease;
import org.bouncycastle.crypto.digests.MD4Digest;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The server side of NTLM as [MS-NLMP] describes it and a Windows Server with LmCompatibilityLevel
 * 5 runs it: NEGOTIATE, CHALLENGE and AUTHENTICATE messages, NTLMv2
 * verification (NTOWFv2 from MD4, NTProofStr, MIC) and the session keys. NTLMv1, LM and anonymous
 * responses are refused, as that policy level refuses them.
 */
final class Ntlm {

    static final int NEGOTIATE_UNICODE = 0x00000001;
    static final int NEGOTIATE_OEM = 0x00000002;
    static final int REQUEST_TARGET = 0x00000004;
    static final int NEGOTIATE_SIGN = 0x00000010;
    static final int NEGOTIATE_SEAL = 0x00000020;
    static final int NEGOTIATE_LM_KEY = 0x00000080;
    static final int NEGOTIATE_NTLM = 0x00000200;
    static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    static final int TARGET_TYPE_SERVER = 0x00020000;
    static final int EXTENDED_SESSIONSECURITY = 0x00080000;
    static final int NEGOTIATE_IDENTIFY = 0x00100000;
    static final int NEGOTIATE_TARGET_INFO = 0x00800000;
    static final int NEGOTIATE_VERSION = 0x02000000;
    static final int NEGOTIATE_128 = 0x20000000;
    static final int NEGOTIATE_KEY_EXCH = 0x40000000;
    static final int NEGOTIATE_56 = 0x80000000;

    /** Flags a server grants when the client asks for them. */
    private static final int GRANTED_IF_ASKED = NEGOTIATE_SIGN | NEGOTIATE_SEAL | NEGOTIATE_ALWAYS_SIGN
            | EXTENDED_SESSIONSECURITY | NEGOTIATE_IDENTIFY | NEGOTIATE_128 | NEGOTIATE_KEY_EXCH | NEGOTIATE_56;

    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    private static final int NTLM_REVISION_15 = 15;
    private static final int AV_EOL = 0;
    private static final int AV_NB_COMPUTER_NAME = 1;
    private static final int AV_NB_DOMAIN_NAME = 2;
    private static final int AV_DNS_COMPUTER_NAME = 3;
    private static final int AV_DNS_DOMAIN_NAME = 4;
    private static final int AV_FLAGS = 6;
    private static final int AV_TIMESTAMP = 7;
    private static final int AV_FLAG_MIC_PRESENT = 0x2;
    /** Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01. */
    private static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;
    private static final int AUTHENTICATE_MIC_OFFSET = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ntlm() {
    }

    /** Why an AUTHENTICATE message was not accepted; the client sees a bare 401 either way. */
    static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason);
        }
    }

    /** A CHALLENGE this server sent in answer to a NEGOTIATE, kept on the connection for the AUTHENTICATE. */
    record Challenge(byte[] negotiateMessage, byte[] challengeMessage, byte[] serverChallenge, int flags) {
    }

    /** A verified AUTHENTICATE: who, and the key that session security derives from. */
    record Authenticated(String user, String domain, byte[] exportedSessionKey, int flags, byte[] ntProofStr) {
    }

    static boolean isNtlm(byte[] token) {
        return token.length >= 12 && Arrays.equals(token, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    static int messageType(byte[] token) {
        return le32(token, 8);
    }

    /**
     * The CHALLENGE for a NEGOTIATE message, naming {@code computerName} as a stand-alone server
     * does, with the VERSION of the server's Windows release.
     */
    static Challenge challenge(byte[] negotiate, String computerName, WindowsRelease release, Instant now) throws Refusal {
        if (!isNtlm(negotiate) || messageType(negotiate) != 1 || negotiate.length < 16) {
            throw new Refusal("not an NTLM NEGOTIATE message");
        }
        int asked = le32(negotiate, 12);
        int flags = NEGOTIATE_NTLM | NEGOTIATE_TARGET_INFO | NEGOTIATE_VERSION | (asked & GRANTED_IF_ASKED);
        flags |= (asked & NEGOTIATE_UNICODE) != 0 ? NEGOTIATE_UNICODE : NEGOTIATE_OEM;
        if ((asked & REQUEST_TARGET) != 0) {
            flags |= REQUEST_TARGET | TARGET_TYPE_SERVER;
        }
        byte[] serverChallenge = new byte[8];
        RANDOM.nextBytes(serverChallenge);
        String name = computerName.toUpperCase(Locale.ROOT);
        byte[] targetName = name.getBytes(charset(flags));
        ByteArrayOutputStream targetInfo = new ByteArrayOutputStream();
        avPair(targetInfo, AV_NB_DOMAIN_NAME, utf16(name));
        avPair(targetInfo, AV_NB_COMPUTER_NAME, utf16(name));
        avPair(targetInfo, AV_DNS_DOMAIN_NAME, utf16(computerName.toLowerCase(Locale.ROOT)));
        avPair(targetInfo, AV_DNS_COMPUTER_NAME, utf16(computerName.toLowerCase(Locale.ROOT)));
        avPair(targetInfo, AV_TIMESTAMP, le64(fileTime(now)));
        avPair(targetInfo, AV_EOL, new byte[0]);
        byte[] info = targetInfo.toByteArray();

        int headerLength = 56;
        ByteBuffer message = ByteBuffer.allocate(headerLength + targetName.length + info.length).order(ByteOrder.LITTLE_ENDIAN);
        message.put(SIGNATURE).putInt(2);
        message.putShort((short) targetName.length).putShort((short) targetName.length).putInt(headerLength);
        message.putInt(flags).put(serverChallenge).putLong(0);
        message.putShort((short) info.length).putShort((short) info.length).putInt(headerLength + targetName.length);
        message.put((byte) release.major()).put((byte) release.minor()).putShort((short) release.build())
                .put(new byte[3]).put((byte) NTLM_REVISION_15).put(targetName).put(info);
        return new Challenge(negotiate.clone(), message.array(), serverChallenge, flags);
    }

    /**
     * Verifies an AUTHENTICATE message against the CHALLENGE sent on this connection and the
     * password {@code passwords} gives for the user it names (empty: no such user).
     */
    static Authenticated verify(byte[] authenticate, Challenge challenge, PasswordLookup passwords) throws Refusal {
        if (!isNtlm(authenticate) || messageType(authenticate) != 3 || authenticate.length < 64) {
            throw new Refusal("not an NTLM AUTHENTICATE message");
        }
        byte[] lmResponse = field(authenticate, 12);
        byte[] ntResponse = field(authenticate, 20);
        int flags = le32(authenticate, 60);
        Charset charset = charset(flags);
        String domain = new String(field(authenticate, 28), charset);
        String user = new String(field(authenticate, 36), charset);
        byte[] encryptedRandomSessionKey = field(authenticate, 52);
        if (user.isEmpty() && ntResponse.length == 0) {
            throw new Refusal("anonymous logon");
        }
        if (ntResponse.length == 24) {
            throw new Refusal("NTLMv1 response refused (LmCompatibilityLevel 5)");
        }
        if (ntResponse.length == 0 && lmResponse.length > 0) {
            throw new Refusal("LM response refused (LmCompatibilityLevel 5)");
        }
        if (ntResponse.length < 16 + 28 || ntResponse[16] != 1 || ntResponse[17] != 1) {
            throw new Refusal("malformed NTLMv2 response");
        }
        Optional<String> password = passwords.passwordOf(user, domain);
        if (password.isEmpty()) {
            throw new Refusal("unknown user " + domain + "\\" + user);
        }
        byte[] responseKeyNt = hmacMd5(md4(utf16(password.get())), utf16(user.toUpperCase(Locale.ROOT) + domain));
        byte[] ntProofStr = Arrays.copyOfRange(ntResponse, 0, 16);
        byte[] blob = Arrays.copyOfRange(ntResponse, 16, ntResponse.length);
        byte[] expected = hmacMd5(responseKeyNt, concat(challenge.serverChallenge(), blob));
        if (!MessageDigest.isEqual(expected, ntProofStr)) {
            throw new Refusal("wrong password for " + domain + "\\" + user);
        }
        byte[] sessionBaseKey = hmacMd5(responseKeyNt, ntProofStr);
        byte[] exportedSessionKey = (flags & NEGOTIATE_KEY_EXCH) != 0 && encryptedRandomSessionKey.length == 16
                ? rc4(sessionBaseKey).update(encryptedRandomSessionKey) : sessionBaseKey;
        if (micPresent(blob)) {
            if (authenticate.length < AUTHENTICATE_MIC_OFFSET + 16) {
                throw new Refusal("MIC announced but absent");
            }
            byte[] withoutMic = authenticate.clone();
            Arrays.fill(withoutMic, AUTHENTICATE_MIC_OFFSET, AUTHENTICATE_MIC_OFFSET + 16, (byte) 0);
            byte[] mic = hmacMd5(exportedSessionKey, concat(concat(challenge.negotiateMessage(), challenge.challengeMessage()), withoutMic));
            if (!MessageDigest.isEqual(mic, Arrays.copyOfRange(authenticate, AUTHENTICATE_MIC_OFFSET, AUTHENTICATE_MIC_OFFSET + 16))) {
                throw new Refusal("MIC does not match: the messages were altered");
            }
        }
        return new Authenticated(user, domain, exportedSessionKey, flags & challenge.flags(), ntProofStr);
    }

    /** The password of the account a client names, if the server knows it. */
    @FunctionalInterface
    interface PasswordLookup {
        Optional<String> passwordOf(String user, String domain);
    }

    /** MsvAvFlags in the NTLMv2 client blob (its AV pairs start at byte 28) says whether a MIC was sent. */
    private static boolean micPresent(byte[] blob) {
        int offset = 28;
        while (offset + 4 <= blob.length) {
            int id = le16(blob, offset);
            int length = le16(blob, offset + 2);
            if (id == AV_EOL || offset + 4 + length > blob.length) {
                return false;
            }
            if (id == AV_FLAGS && length == 4) {
                return (le32(blob, offset + 4) & AV_FLAG_MIC_PRESENT) != 0;
            }
            offset += 4 + length;
        }
        return false;
    }

    private static byte[] field(byte[] message, int at) throws Refusal {
        int length = le16(message, at);
        int offset = le32(message, at + 4);
        if (length == 0) {
            return new byte[0];
        }
        if (offset < 0 || offset + length > message.length) {
            throw new Refusal("field at " + at + " points outside the message");
        }
        return Arrays.copyOfRange(message, offset, offset + length);
    }

    private static Charset charset(int flags) {
        return (flags & NEGOTIATE_UNICODE) != 0 ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
    }

    private static void avPair(ByteArrayOutputStream out, int id, byte[] value) {
        out.writeBytes(new byte[]{(byte) id, (byte) (id >> 8), (byte) value.length, (byte) (value.length >> 8)});
        out.writeBytes(value);
    }

    private static long fileTime(Instant now) {
        return (now.getEpochSecond() + FILETIME_EPOCH_OFFSET_SECONDS) * 10_000_000L + now.getNano() / 100;
    }

    static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16LE);
    }

    static byte[] md4(byte[] data) {
        MD4Digest digest = new MD4Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RC4 key stream; NTLM sealing keeps one per direction for the whole connection. */
    static Cipher rc4(byte[] key) {
        try {
            Cipher cipher = Cipher.getInstance("ARCFOUR");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int le16(byte[] data, int at) {
        return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8;
    }

    static int le32(byte[] data, int at) {
        return ByteBuffer.wrap(data, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] le64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
