package io.ssloffload.simulator.powershell;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The .NET types that turn gzip'd bytes back into text, as far as PowerShell scripts reach them,
 * with {@code New-Object} (every version) or {@code [T]::new} (5.0 on):
 * {@code (New-Object IO.StreamReader (New-Object IO.Compression.GZipStream (New-Object IO.MemoryStream
 * (,$bytes)), ([IO.Compression.CompressionMode]::Decompress))).ReadToEnd()}. Reading only: a stream
 * that would be written, or compressed into, is refused rather than pretended.
 */
final class CompressedText {

    static final String MEMORY_STREAM = "System.IO.MemoryStream";
    static final String GZIP_STREAM = "System.IO.Compression.GZipStream";
    static final String STREAM_READER = "System.IO.StreamReader";
    static final String COMPRESSION_MODE = "System.IO.Compression.CompressionMode";

    /** A stream's type and how to read all it holds; a GZipStream decompresses only when read, as .NET's does. */
    record Stream(String typeName, Reading reading) {
        @Override
        public String toString() {
            return typeName;
        }
    }

    /** What is left of a stream once read to its end. */
    interface Reading {
        byte[] readAll();
    }

    /** {@code [IO.Compression.CompressionMode]::Decompress} (1) or {@code Compress} (0). */
    record CompressionMode(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A StreamReader over a stream, UTF-8 as .NET's default (a byte order mark is skipped). */
    record Reader(Stream stream) {
        @Override
        public String toString() {
            return STREAM_READER;
        }
    }

    private CompressedText() {
    }

    /** {@code [T]::new(...)} for the types above; null for any other type. */
    static Object construct(String type, List<Object> args) {
        switch (type) {
            case MEMORY_STREAM -> {
                if (args.size() != 1 || !(LanguagePrimitives.convertTo(args.get(0), Types.BYTE_ARRAY) instanceof byte[] bytes)) {
                    throw refused("MemoryStream: only new MemoryStream(byte[]) (a stream to read) is simulated");
                }
                byte[] content = bytes.clone();
                return new Stream(MEMORY_STREAM, () -> content);
            }
            case GZIP_STREAM -> {
                if (args.size() != 2 || !(args.get(0) instanceof Stream inner)) {
                    throw Members.methodException("new", args.size(), "ArgumentException", "Stream does not support reading.");
                }
                if (!"Decompress".equalsIgnoreCase(String.valueOf(mode(args.get(1))))) {
                    throw refused("GZipStream: only CompressionMode Decompress is simulated");
                }
                return new Stream(GZIP_STREAM, () -> gunzip(inner.reading().readAll()));
            }
            case STREAM_READER -> {
                if (args.size() != 1 || !(args.get(0) instanceof Stream inner)) {
                    throw refused("StreamReader: only new StreamReader(Stream) is simulated");
                }
                return new Reader(inner);
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code [IO.Compression.CompressionMode]::Name}; null when there is no such member. */
    static Object modeNamed(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "decompress" -> new CompressionMode("Decompress");
            case "compress" -> new CompressionMode("Compress");
            default -> null;
        };
    }

    /** {@code $reader.ReadToEnd()}. */
    static String readToEnd(Reader reader) {
        byte[] bytes = reader.stream().reading().readAll();
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Object mode(Object value) {
        if (value instanceof CompressionMode m) {
            return m.name();
        }
        // PowerShell converts 0/1 and the member's name to the enum
        String text = LanguagePrimitives.toStr(value);
        return switch (text) {
            case "0" -> "Compress";
            case "1" -> "Decompress";
            default -> text;
        };
    }

    private static byte[] gunzip(byte[] compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw Members.methodException("ReadToEnd", 0, "InvalidDataException",
                    "The magic number in GZip header is not correct. Make sure you are passing in a GZip stream.");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PsException refused(String what) {
        return LanguagePrimitives.error("The simulator does not support " + what + ".", "NotSimulated", "NotImplemented");
    }
}
