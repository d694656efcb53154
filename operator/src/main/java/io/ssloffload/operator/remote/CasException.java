package io.ssloffload.operator.remote;

/** A remote call that failed, classified so status can say what went wrong. */
public class CasException extends RuntimeException {

    public enum Kind {
        /** Connection refused, reset, DNS, TLS: the server could not be talked to. */
        UNREACHABLE,
        /** 401 or access denied: retrying with the same credentials will not help. */
        AUTHENTICATION,
        /**
         * The address answers as another computer than the server's name: nothing may be changed
         * there, and retrying will not help until the spec is fixed.
         */
        WRONG_SERVER,
        /** The command's deadline passed. */
        TIMEOUT,
        /** The script ran and reported an error (PowerShell error, cmdlet validation). */
        REMOTE_ERROR;

        /** The CamelCase reason status gives a server that failed this way. */
        public String reason() {
            return switch (this) {
                case UNREACHABLE -> "Unreachable";
                case AUTHENTICATION -> "AuthenticationFailed";
                case WRONG_SERVER -> "WrongServer";
                case TIMEOUT -> "Timeout";
                case REMOTE_ERROR -> "RemoteError";
            };
        }

        /** Retrying with the same credentials and spec will not help: a person must act. */
        public boolean stalls() {
            return this == AUTHENTICATION || this == WRONG_SERVER;
        }
    }

    private final Kind kind;

    public CasException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public CasException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
