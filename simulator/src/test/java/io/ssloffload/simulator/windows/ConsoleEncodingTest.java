package io.ssloffload.simulator.windows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleEncodingTest {

    @Test
    void encodesInCodePage437WithCrLf() {
        byte[] bytes = ConsoleEncoding.defaultCodePage().encode("é╔\nok\r\n");
        // 0x82 is é and 0xC9 is ╔ in code page 437
        assertArrayEquals(new byte[]{(byte) 0x82, (byte) 0xC9, '\r', '\n', 'o', 'k', '\r', '\n'}, bytes);
    }

    @Test
    void charactersOutsideTheCodePageBecomeQuestionMarks() {
        assertArrayEquals(new byte[]{'?'}, ConsoleEncoding.defaultCodePage().encode("€"));
    }

    @Test
    void codePage65001IsUtf8() {
        assertEquals("é\r\n", new String(ConsoleEncoding.forCodePage(65001).orElseThrow().encode("é\n"), StandardCharsets.UTF_8));
    }
}
