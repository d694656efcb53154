package io.ssloffload.kubeharness;

/** What one kubectl run did; {@link #toString()} shows everything, for assertion messages. */
public record KubectlResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
