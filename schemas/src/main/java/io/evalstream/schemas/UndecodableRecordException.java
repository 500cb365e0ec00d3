package io.evalstream.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that is not a value of its topic's type: a null (a tombstone), one over the size
 * bound, one whose bytes do not decode or declare more than they hold. It says which
 * {@link DeadLetterKind} it is, so a stage dead-letters it without parsing the message.
 */
public final class UndecodableRecordException extends SerializationException {
    private final DeadLetterKind kind;

    public UndecodableRecordException(DeadLetterKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UndecodableRecordException(DeadLetterKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public DeadLetterKind kind() {
        return kind;
    }
}
