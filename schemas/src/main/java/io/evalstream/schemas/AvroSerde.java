package io.evalstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
 */
public final class AvroSerde<T extends SpecificRecordBase> implements Serde<T> {
    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSerde(Class<T> type) {
        this.type = type;
        Schema schema = SpecificData.get().getSchema(type);
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (Schema older : SchemaHistory.olderVersionsOf(schema.getName())) {
            store.addSchema(older);
        }
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema, store);
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

    /** Decodes a value; a record that is not a {@code type} of a known schema version raises {@link SerializationException}. */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + " ("
                    + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }

    /** Older writer schemas, read from the classpath. */
    static final class SchemaHistory {
        private static final List<String> FILES = List.of("EvalItem-v1.avsc", "DeadLetter-v1.avsc", "Prediction-v1.avsc", "RunManifest-v1.avsc",
                "Score-v1.avsc");

        static List<Schema> olderVersionsOf(String recordName) {
            return FILES.stream()
                    .filter(f -> f.startsWith(recordName + "-v"))
                    .map(SchemaHistory::load)
                    .toList();
        }

        private static Schema load(String file) {
            String path = "/schemas/history/" + file;
            try (InputStream in = AvroSerde.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("schema history resource " + path + " is missing");
                }
                return new Schema.Parser().parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history " + path, e);
            }
        }

        private SchemaHistory() {
        }
    }
}
