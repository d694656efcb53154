package io.ssloffload.simulator.windows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How console programs' text reaches a WinRS client: CRLF line ends, encoded in the shell's
 * console code page (WINRS_CODEPAGE, 437 unless the client asks for 65001). Characters the code
 * page lacks become '?', as the console's conversion does.
 */
public final class ConsoleEncoding {

    public static final int DEFAULT_CODE_PAGE = 437;
    public static final int UTF8_CODE_PAGE = 65001;

    private final Charset charset;

    private ConsoleEncoding(Charset charset) {
        this.charset = charset;
    }

    /** 437 and 65001, the code pages clients use; empty for any other. */
    public static Optional<ConsoleEncoding> forCodePage(int codePage) {
        return switch (codePage) {
            case DEFAULT_CODE_PAGE -> Optional.of(new ConsoleEncoding(Charset.forName("IBM437")));
            case UTF8_CODE_PAGE -> Optional.of(new ConsoleEncoding(StandardCharsets.UTF_8));
            default -> Optional.empty();
        };
    }

    public static ConsoleEncoding defaultCodePage() {
        return forCodePage(DEFAULT_CODE_PAGE).orElseThrow();
    }

    public Charset charset() {
        return charset;
    }

    public byte[] encode(String text) {
        return withCrLf(text).getBytes(charset);
    }

    /** A lone LF becomes CRLF; CRLF stays as it is. */
    static String withCrLf(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                out.append('\r');
            }
            out.append(c);
        }
        return out.toString();
    }
}
