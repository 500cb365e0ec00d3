package io.evalstream.aggregator.api;

import java.util.List;

/** A request the API refuses: its HTTP status, what is wrong, and the values it would accept. */
final class ApiException extends RuntimeException {
    private final int status;
    private final List<String> allowed;

    ApiException(int status, String message, List<String> allowed) {
        super(message);
        this.status = status;
        this.allowed = List.copyOf(allowed);
    }

    int status() {
        return status;
    }

    List<String> allowed() {
        return allowed;
    }
}
