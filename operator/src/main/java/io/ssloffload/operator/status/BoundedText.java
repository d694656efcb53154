package io.ssloffload.operator.status;

/** Cuts what goes into status: the status must not grow with the number or the length of problems. */
final class BoundedText {

    /** Bound on top-level messages. */
    static final int MAX_MESSAGE = 1024;

    private BoundedText() {
    }

    static String bounded(String message) {
        return truncate(message, MAX_MESSAGE);
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
