package io.evalstream.schemas;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Walks a single-object encoded record along its writer schema and checks every length it
 * declares (string and bytes lengths, array and map item counts, union and enum indexes) against
 * the bytes that follow, before Avro's decoder sees it. Avro allocates a string or a collection
 * of the declared size before reading it, so 15 bytes claiming a 2 GB string, or 179 bytes
 * claiming 2e9 array items, would take the heap down. The walk allocates nothing but a cursor
 * and is linear in the bytes.
 *
 * <p>Avro 1.12 has {@code org.apache.avro.limits.*} system properties for the same purpose, but
 * they are global to the JVM, read once, and bound lengths, not lengths against the bytes present;
 * this check needs neither.
 */
final class EncodedRecordCheck {
    /**
     * Twice Kafka's default maximum message size (1 MiB): no record a default broker accepts is
     * refused, and one that a broker configured otherwise lets through cannot grow the heap by
     * more than a bounded amount per record.
     */
    static final int MAX_RECORD_BYTES = 2 << 20;
    /**
     * Items of all arrays and maps of one record together. The largest real record (a Spider item
     * with three few-shot schemas) has a few thousand; a decoded item costs tens of bytes of heap
     * even when it takes one byte on the wire.
     */
    static final long MAX_COLLECTION_ITEMS = 200_000;
    /** Only a recursive schema nests deeper; none of ours is, so deeper means hostile bytes. */
    private static final int MAX_DEPTH = 64;
    private static final int HEADER_BYTES = 10;
    private static final Schema MAP_KEY = Schema.create(Schema.Type.STRING);

    private final String typeName;
    private final Map<Long, Schema> writers = new HashMap<>();
    private final Map<Schema, Integer> minimumSizes = new IdentityHashMap<>();

    EncodedRecordCheck(Schema current, List<Schema> older) {
        this.typeName = current.getName();
        writers.put(SchemaNormalization.parsingFingerprint64(current), current);
        for (Schema s : older) {
            writers.put(SchemaNormalization.parsingFingerprint64(s), s);
        }
    }

    /** Throws {@link UndecodableRecordException} unless the bytes hold what they declare. */
    void check(byte[] bytes) {
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new UndecodableRecordException(DeadLetterKind.TOO_LARGE, typeName + " record of " + bytes.length
                    + " bytes exceeds the bound of " + MAX_RECORD_BYTES + " bytes");
        }
        if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            throw malformed("is not Avro single-object encoding (no C3 01 marker and 8-byte schema fingerprint)", bytes.length);
        }
        long fingerprint = 0;
        for (int i = 0; i < 8; i++) {
            fingerprint |= (bytes[2 + i] & 0xffL) << (8 * i);
        }
        Schema writer = writers.get(fingerprint);
        if (writer == null) {
            throw malformed("was written with an unknown schema (fingerprint " + Long.toHexString(fingerprint)
                    + "), not a " + typeName + " of any known version", bytes.length);
        }
        new Cursor(bytes).walk(writer, 0);
    }

    private UndecodableRecordException malformed(String what, int length) {
        return new UndecodableRecordException(DeadLetterKind.MALFORMED_RECORD,
                typeName + " record of " + length + " bytes " + what);
    }

    /** The fewest bytes a value of the schema can take: what bounds an item count by the bytes left. */
    private int minimumSize(Schema schema) {
        Integer known = minimumSizes.get(schema);
        if (known != null) {
            return known;
        }
        minimumSizes.put(schema, 0); // a recursive reference counts as empty while its size is computed
        int size = switch (schema.getType()) {
            case NULL -> 0;
            case BOOLEAN, INT, LONG, ENUM, STRING, BYTES, ARRAY, MAP -> 1;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case RECORD -> schema.getFields().stream().mapToInt(f -> minimumSize(f.schema())).sum();
            case UNION -> 1 + schema.getTypes().stream().mapToInt(this::minimumSize).min().orElse(0);
        };
        minimumSizes.put(schema, size);
        return size;
    }

    private final class Cursor {
        private final byte[] bytes;
        private int pos = HEADER_BYTES;
        private long collectionItems;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        void walk(Schema schema, int depth) {
            if (depth > MAX_DEPTH) {
                throw malformed("nests deeper than " + MAX_DEPTH + " levels at offset " + pos, bytes.length);
            }
            switch (schema.getType()) {
                case NULL -> { }
                case BOOLEAN -> skip(1, "a boolean");
                case INT -> readInt();
                case LONG -> readLong();
                case FLOAT -> skip(4, "a float");
                case DOUBLE -> skip(8, "a double");
                case FIXED -> skip(schema.getFixedSize(), "a fixed");
                case STRING, BYTES -> {
                    int at = pos;
                    long length = readLong();
                    if (length < 0 || length > remaining()) {
                        throw malformed("declares " + (schema.getType() == Schema.Type.STRING ? "a string" : "bytes")
                                + " of " + length + " bytes at offset " + at + ", but " + remaining() + " follow", bytes.length);
                    }
                    pos += (int) length;
                }
                case ENUM -> {
                    int at = pos;
                    int index = readInt();
                    if (index < 0 || index >= schema.getEnumSymbols().size()) {
                        throw malformed("has enum index " + index + " at offset " + at + " for "
                                + schema.getEnumSymbols().size() + " symbols", bytes.length);
                    }
                }
                case UNION -> {
                    int at = pos;
                    long branch = readLong();
                    if (branch < 0 || branch >= schema.getTypes().size()) {
                        throw malformed("has union branch " + branch + " at offset " + at + " of "
                                + schema.getTypes().size(), bytes.length);
                    }
                    walk(schema.getTypes().get((int) branch), depth + 1);
                }
                case RECORD -> {
                    for (Schema.Field field : schema.getFields()) {
                        walk(field.schema(), depth + 1);
                    }
                }
                case ARRAY -> items(schema.getElementType(), false, depth);
                case MAP -> items(schema.getValueType(), true, depth);
            }
        }

        /** Blocks of items, each block a count (negative: followed by its size in bytes), ending with 0. */
        private void items(Schema item, boolean keyed, int depth) {
            int eachAtLeast = minimumSize(item) + (keyed ? 1 : 0);
            while (true) {
                int at = pos;
                long count = readLong();
                if (count == 0) {
                    return;
                }
                if (count < 0) {
                    if (count == Long.MIN_VALUE) {
                        throw malformed("declares an impossible item count at offset " + at, bytes.length);
                    }
                    count = -count;
                    long blockBytes = readLong();
                    if (blockBytes < 0 || blockBytes > remaining()) {
                        throw malformed("declares a block of " + blockBytes + " bytes at offset " + at + ", but "
                                + remaining() + " follow", bytes.length);
                    }
                }
                if (eachAtLeast > 0 && count > remaining() / eachAtLeast) {
                    throw malformed("declares " + count + (keyed ? " map entries" : " array items") + " at offset " + at
                            + ", but " + remaining() + " bytes follow (each takes at least " + eachAtLeast + ")", bytes.length);
                }
                collectionItems += count;
                if (collectionItems > MAX_COLLECTION_ITEMS) {
                    throw new UndecodableRecordException(DeadLetterKind.TOO_LARGE, typeName + " record of "
                            + bytes.length + " bytes declares more than " + MAX_COLLECTION_ITEMS + " array and map items");
                }
                for (long i = 0; i < count; i++) {
                    if (keyed) {
                        walk(MAP_KEY, depth + 1);
                    }
                    walk(item, depth + 1);
                }
            }
        }

        private int remaining() {
            return bytes.length - pos;
        }

        private void skip(int n, String what) {
            if (n > remaining()) {
                throw malformed("ends inside " + what + " at offset " + pos, bytes.length);
            }
            pos += n;
        }

        private int readInt() {
            int at = pos;
            long value = readVarint(5);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw malformed("has an int out of range at offset " + at, bytes.length);
            }
            return (int) value;
        }

        private long readLong() {
            return readVarint(10);
        }

        /** Avro's zig-zag variable-length integer, at most {@code maxBytes} long. */
        private long readVarint(int maxBytes) {
            int at = pos;
            long raw = 0;
            for (int i = 0; i < maxBytes; i++) {
                if (pos >= bytes.length) {
                    throw malformed("ends inside a number at offset " + at, bytes.length);
                }
                int b = bytes[pos++] & 0xff;
                raw |= (long) (b & 0x7f) << (7 * i);
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw malformed("has a number longer than " + maxBytes + " bytes at offset " + at, bytes.length);
        }
    }
}
