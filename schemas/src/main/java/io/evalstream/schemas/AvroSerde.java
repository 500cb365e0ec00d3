package io.evalstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding without a registry: each value starts with the fingerprint of its
 * writer schema. Writer schemas of older versions are kept as resources under
 * {@code schemas/history/} and resolved through a {@link SchemaStore}, so records written by an
 * older producer still decode into the current class.
 *
 * <p>Decoding is total and bounded: a null value, a record over the size bound, and bytes that do
 * not decode or declare more than they hold all raise {@link UndecodableRecordException} with
 * their {@link DeadLetterKind}, the last two before Avro allocates anything (see
 * {@link EncodedRecordCheck}).
 */
public final class AvroSerde<T extends SpecificRecordBase> implements Serde<T> {
    /** Records larger than this are refused undecoded as {@link DeadLetterKind#TOO_LARGE}. */
    public static final int MAX_RECORD_BYTES = EncodedRecordCheck.MAX_RECORD_BYTES;

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final EncodedRecordCheck check;

    public AvroSerde(Class<T> type) {
        this.type = type;
        Schema schema = SpecificData.get().getSchema(type);
        SchemaStore.Cache store = new SchemaStore.Cache();
        List<Schema> older = SchemaHistory.olderVersionsOf(schema.getName());
        for (Schema s : older) {
            store.addSchema(s);
        }
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema, store);
        this.check = new EncodedRecordCheck(schema, older);
    }

    public static <T extends SpecificRecordBase> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type);
    }

    public byte[] encode(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a value.
     *
     * @throws UndecodableRecordException for a null value ({@link DeadLetterKind#NULL_VALUE}), a record over
     *         {@link #MAX_RECORD_BYTES} or with too many items ({@link DeadLetterKind#TOO_LARGE}), and bytes that
     *         are not a {@code type} of a known schema version or declare lengths beyond their end
     *         ({@link DeadLetterKind#MALFORMED_RECORD})
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new UndecodableRecordException(DeadLetterKind.NULL_VALUE,
                    "a null value (a tombstone) where a record of type " + type.getSimpleName() + " is required");
        }
        check.check(bytes);
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(DeadLetterKind.MALFORMED_RECORD, "cannot decode " + type.getSimpleName()
                    + " (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    /** Throws on a null value like {@link #decode}: no topic of the pipeline carries tombstones on purpose. */
    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }

    /**
     * Older writer schemas, read from the classpath: {@code schemas/history/<Record>-v1.avsc},
     * {@code -v2}, ... up to the first missing version, so a new version needs only its file.
     */
    static final class SchemaHistory {
        private static final String FOLDER = "/schemas/history/";

        static List<Schema> olderVersionsOf(String recordName) {
            List<Schema> versions = new ArrayList<>();
            for (int v = 1; ; v++) {
                String path = FOLDER + recordName + "-v" + v + ".avsc";
                try (InputStream in = AvroSerde.class.getResourceAsStream(path)) {
                    if (in == null) {
                        return versions;
                    }
                    versions.add(new Schema.Parser().parse(in));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read schema history " + path, e);
                }
            }
        }

        private SchemaHistory() {
        }
    }
}
