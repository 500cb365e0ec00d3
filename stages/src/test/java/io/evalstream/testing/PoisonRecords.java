package io.evalstream.testing;

import io.evalstream.schemas.AvroSerde;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The hostile record shapes every stage must survive, made from a valid value of a topic: a
 * tombstone, bytes that are not Avro, a string and an array whose declared lengths run far past
 * the record's end (what used to take a stage's heap down), and a record over the size bound.
 * The sample must hold the string {@link #MARK} in some field; for the array shape, pass the
 * encoding of an array holding one item.
 */
public final class PoisonRecords {
    /** Put this in a string field of the sample; the string shape claims its length is 2 GB. */
    public static final String MARK = "MARK-of-poison";

    /** One shape: its name, the value bytes (null for a tombstone) and the dead-letter kind it must get. */
    public record Shape(String name, byte[] value, DeadLetterKind kind) {
    }

    public static <V extends SpecificRecordBase> List<Shape> shapes(Topic<V> topic, V sample, byte[] loneArrayItem) {
        byte[] valid = topic.encode(sample);
        byte[] mark = MARK.getBytes(StandardCharsets.UTF_8);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape("tombstone", null, DeadLetterKind.NULL_VALUE));
        shapes.add(new Shape("not-avro", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}, DeadLetterKind.MALFORMED_RECORD));
        shapes.add(new Shape("string-of-2GB", replaceFrom(valid, concat(zigzag(mark.length), mark), zigzag(Integer.MAX_VALUE)),
                DeadLetterKind.MALFORMED_RECORD));
        if (loneArrayItem != null) {
            shapes.add(new Shape("array-of-2e9", replaceFrom(valid, concat(zigzag(1), loneArrayItem), zigzag(2_000_000_000L)),
                    DeadLetterKind.MALFORMED_RECORD));
        }
        shapes.add(new Shape("too-large", Arrays.copyOf(valid, AvroSerde.MAX_RECORD_BYTES + 1), DeadLetterKind.TOO_LARGE));
        return shapes;
    }

    /** Sends each shape under its key (a producer allowing records past the broker's default size). */
    public static void send(String bootstrapServers, String topic, Map<String, byte[]> keyedValues) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * AvroSerde.MAX_RECORD_BYTES);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            keyedValues.forEach((key, value) -> producer.send(new ProducerRecord<>(topic, key, value)));
            producer.flush();
        }
    }

    /** Lets a topic take records past the size bound, as a broker configured for large messages would. */
    public static void allowLargeRecords(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            AlterConfigOp op = new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    String.valueOf(2 * AvroSerde.MAX_RECORD_BYTES)), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot raise max.message.bytes of " + topic, e.getCause());
        }
    }

    /** The encoding of a string as an array item or field: its zig-zag length, then its UTF-8 bytes. */
    public static byte[] encodedString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(zigzag(utf8.length), utf8);
    }

    /** The encoding of a double: 8 bytes, little-endian. */
    public static byte[] encodedDouble(double d) {
        long bits = Double.doubleToLongBits(d);
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (bits >>> (8 * i));
        }
        return out;
    }

    private static byte[] replaceFrom(byte[] valid, byte[] found, byte[] replacement) {
        for (int i = 0; i + found.length <= valid.length; i++) {
            if (Arrays.equals(valid, i, i + found.length, found, 0, found.length)) {
                return concat(Arrays.copyOf(valid, i), replacement);
            }
        }
        throw new IllegalArgumentException("the sample's encoding does not hold the marker");
    }

    private static byte[] zigzag(long value) {
        long v = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private PoisonRecords() {
    }
}
