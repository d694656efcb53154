package io.ssloffload.operator.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed CRD copies are what users install: they must be exactly what the model generates. */
class CrdCopiesAreCurrentTest {

    static Stream<Path> committedCopies() {
        return Stream.of(GeneratedCrd.COMMITTED_COPY, GeneratedCrd.HELM_COPY);
    }

    @ParameterizedTest
    @MethodSource("committedCopies")
    void committedCopyEqualsTheGeneratedCrd(Path copy) throws IOException {
        assertTrue(Files.isRegularFile(copy), copy + " is missing: run crds/update.sh");
        assertEquals(GeneratedCrd.freshText(), Files.readString(copy),
                copy + " differs from the CRD generated from the model: run crds/update.sh and commit the result");
    }
}
