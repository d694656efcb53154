package io.ssloffload.operator.remote;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CasExceptionTest {

    @ParameterizedTest
    @CsvSource({
            "UNREACHABLE, Unreachable, false",
            "AUTHENTICATION, AuthenticationFailed, true",
            "WRONG_SERVER, WrongServer, true",
            "TIMEOUT, Timeout, false",
            "REMOTE_ERROR, RemoteError, false"})
    void eachFailureGivesStatusItsReasonAndWhetherOnlyAPersonCanHelp(CasException.Kind kind, String reason, boolean stalls) {
        assertThat(kind.reason()).isEqualTo(reason);
        assertThat(kind.stalls()).isEqualTo(stalls);
    }
}
