package io.ssloffload.simulator.powershell;

/** break, continue, return and exit unwinding through the evaluator. */
class Flow extends RuntimeException {

    final String kind;

    Flow(String kind) {
        super(kind, null, false, false);
        this.kind = kind;
    }

    static final class Exit extends Flow {
        final int code;

        Exit(int code) {
            super("exit");
            this.code = code;
        }
    }
}
