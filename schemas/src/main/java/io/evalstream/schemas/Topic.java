package io.evalstream.schemas;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic as a value, after Confluent's {@code Schemas.Topic<K, V>}: its name, the serde of its
 * values and how a value's key is made. Whoever writes or reads a topic takes all three from here,
 * so a record cannot reach a topic with another type's serde or a hand-made key. Keys are strings
 * on every topic of the pipeline.
 *
 * @param <V> the Avro record every value of the topic is
 */
public final class Topic<V extends SpecificRecordBase> {
    private final String name;
    private final AvroSerde<V> valueSerde;
    private final String keyFormat;
    private final Function<V, String> keyOf;

    /**
     * @param keyFormat the key's layout for people, e.g. {@code run/model/BENCHMARK/item}
     * @param keyOf     the key of a value; null only where the format allows a missing key
     */
    public Topic(String name, Class<V> valueType, String keyFormat, Function<V, String> keyOf) {
        this.name = Objects.requireNonNull(name);
        this.valueSerde = AvroSerde.of(valueType);
        this.keyFormat = Objects.requireNonNull(keyFormat);
        this.keyOf = Objects.requireNonNull(keyOf);
    }

    public String name() {
        return name;
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    public AvroSerde<V> valueSerde() {
        return valueSerde;
    }

    public String keyFormat() {
        return keyFormat;
    }

    /** The key a value is written under. */
    public String key(V value) {
        return keyOf.apply(value);
    }

    public byte[] encode(V value) {
        return valueSerde.encode(value);
    }

    /** Decodes a value read from this topic; raises {@link UndecodableRecordException} (with its dead-letter kind) on a null and on bytes that are not one. */
    public V decode(byte[] bytes) {
        return valueSerde.decode(bytes);
    }

    /**
     * Decodes a value for a reader that cannot dead-letter (a snapshot, a progress check): empty for
     * a null value and for bytes that are not a value of this topic, so one bad record cannot stop it.
     */
    public Optional<V> tryDecode(byte[] bytes) {
        try {
            return Optional.of(valueSerde.decode(bytes));
        } catch (UndecodableRecordException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
