package io.ssloffload.simulator.wsman;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** NTLMv2 verification against the worked example of [MS-NLMP] 4.2.4 (User, Domain, Password). */
class NtlmTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
    /** The NTLMv2 client blob of 4.2.4: time 0, client challenge aa.., AV pairs Domain / Server. */
    private static final byte[] TEMP = HEX.parseHex("0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000"
            + "02000c0044006f006d00610069006e00" + "01000c005300650072007600650072000000" + "0000" + "00000000");
    private static final byte[] NT_PROOF_STR = HEX.parseHex("68cd0ab851e51c96aabc927bebef6a1c");
    private static final byte[] SESSION_BASE_KEY = HEX.parseHex("8de40ccadbc14a82f15cb0ad0de95ca3");
    private static final int FLAGS = Ntlm.NEGOTIATE_UNICODE | Ntlm.NEGOTIATE_NTLM | Ntlm.EXTENDED_SESSIONSECURITY;

    private static final Ntlm.Challenge CHALLENGE = new Ntlm.Challenge(new byte[0], new byte[0], SERVER_CHALLENGE, FLAGS);

    @Test
    void theSpecificationsResponseVerifiesAndGivesItsSessionBaseKey() throws Exception {
        Ntlm.Authenticated authenticated = Ntlm.verify(authenticate(Ntlm.concat(NT_PROOF_STR, TEMP)), CHALLENGE,
                (user, domain) -> Optional.of("Password"));
        assertEquals("User", authenticated.user());
        assertEquals("Domain", authenticated.domain());
        assertEquals(HEX.formatHex(SESSION_BASE_KEY), HEX.formatHex(authenticated.exportedSessionKey()));
    }

    @Test
    void anotherPasswordAnUnknownUserAndAnNtlmV1ResponseAreRefused() {
        byte[] message = authenticate(Ntlm.concat(NT_PROOF_STR, TEMP));
        assertEquals("wrong password for Domain\\User", assertThrows(Ntlm.Refusal.class,
                () -> Ntlm.verify(message, CHALLENGE, (user, domain) -> Optional.of("password"))).getMessage());
        assertEquals("unknown user Domain\\User", assertThrows(Ntlm.Refusal.class,
                () -> Ntlm.verify(message, CHALLENGE, (user, domain) -> Optional.empty())).getMessage());
        byte[] v1 = authenticate(new byte[24]);
        assertEquals("NTLMv1 response refused (LmCompatibilityLevel 5)", assertThrows(Ntlm.Refusal.class,
                () -> Ntlm.verify(v1, CHALLENGE, (user, domain) -> Optional.of("Password"))).getMessage());
    }

    /** An AUTHENTICATE_MESSAGE with a zero LM response, the given NT response, Domain\User, no workstation. */
    private static byte[] authenticate(byte[] ntResponse) {
        byte[] lm = new byte[24];
        byte[] domain = "Domain".getBytes(StandardCharsets.UTF_16LE);
        byte[] user = "User".getBytes(StandardCharsets.UTF_16LE);
        int offset = 64;
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(3);
        offset = field(header, lm.length, offset);
        offset = field(header, ntResponse.length, offset);
        offset = field(header, domain.length, offset);
        offset = field(header, user.length, offset);
        offset = field(header, 0, offset);
        field(header, 0, offset);
        header.putInt(FLAGS);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(header.array());
        message.writeBytes(lm);
        message.writeBytes(ntResponse);
        message.writeBytes(domain);
        message.writeBytes(user);
        return message.toByteArray();
    }

    private static int field(ByteBuffer header, int length, int offset) {
        header.putShort((short) length).putShort((short) length).putInt(offset);
        return offset + length;
    }
}
