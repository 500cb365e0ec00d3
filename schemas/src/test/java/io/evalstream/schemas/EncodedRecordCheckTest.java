package io.evalstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes are refused with their kind before Avro allocates what they declare: each case
 * here would otherwise ask the decoder for gigabytes (the first two took a stage's heap down).
 */
class EncodedRecordCheckTest {
    private static final String MARK = "MARK-1f3a";

    @Test
    void aNullValueIsATombstone() {
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> Topics.PREDICTIONS.decode(null));
        assertEquals(DeadLetterKind.NULL_VALUE, e.kind());
        assertTrue(e.getMessage().contains("Prediction"), e.getMessage());
    }

    @Test
    void anArrayClaimingTwoBillionItemsIsMalformedBeforeAnyAllocation() {
        Prediction p = prediction(List.of(Math.PI));
        byte[] valid = Topics.PREDICTIONS.encode(p);
        byte[] hostile = replaceFrom(valid, concat(zigzag(1), doubleBytes(Math.PI)), zigzag(2_000_000_000L));
        long heapBefore = usedHeap();
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> Topics.PREDICTIONS.decode(hostile));
        assertEquals(DeadLetterKind.MALFORMED_RECORD, e.kind());
        assertTrue(e.getMessage().contains("declares 2000000000 array items"), e.getMessage());
        assertTrue(usedHeap() - heapBefore < 64L << 20, "no large allocation");
    }

    @Test
    void aStringClaimingTwoGigabytesIsMalformed() {
        byte[] valid = Topics.PREDICTIONS.encode(prediction(null));
        byte[] hostile = replaceFrom(valid, concat(zigzag(MARK.length()), MARK.getBytes()), zigzag(Integer.MAX_VALUE));
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> Topics.PREDICTIONS.decode(hostile));
        assertEquals(DeadLetterKind.MALFORMED_RECORD, e.kind());
        assertTrue(e.getMessage().contains("declares a string of 2147483647 bytes"), e.getMessage());
    }

    @Test
    void aNegativeLengthAndATruncatedRecordAreMalformed() {
        byte[] valid = Topics.PREDICTIONS.encode(prediction(null));
        byte[] negative = replaceFrom(valid, concat(zigzag(MARK.length()), MARK.getBytes()), zigzag(-5));
        assertEquals(DeadLetterKind.MALFORMED_RECORD,
                assertThrows(UndecodableRecordException.class, () -> Topics.PREDICTIONS.decode(negative)).kind());
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        assertEquals(DeadLetterKind.MALFORMED_RECORD,
                assertThrows(UndecodableRecordException.class, () -> Topics.PREDICTIONS.decode(truncated)).kind());
    }

    @Test
    void aRecordOverTheSizeBoundIsTooLargeUndecoded() {
        byte[] valid = Topics.SCORES.encode(Score.newBuilder().setScoreId("s").setPredictionId("p").setRunId("r").setModelId("m")
                .setBenchmark(Benchmark.MMLU).setItemId("i").setGroup("g").setCategory("STEM").setMetric("answer_match")
                .setMetricVersion("1").setScorable(true).setScore(1).setOutcome("correct").build());
        byte[] huge = Arrays.copyOf(valid, AvroSerde.MAX_RECORD_BYTES + 1);
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> Topics.SCORES.decode(huge));
        assertEquals(DeadLetterKind.TOO_LARGE, e.kind());
    }

    @Test
    void tooManyCollectionItemsIsTooLargeEvenWhenTheBytesAreThere() {
        EvalItem item = EvalItem.newBuilder(AvroSerdeTest.mmluItem())
                .setMmlu(MmluPayload.newBuilder().setSubject("astronomy")
                        .setChoices(new ArrayList<>(Collections.nCopies((int) EncodedRecordCheck.MAX_COLLECTION_ITEMS + 1, "")))
                        .setFewShot(List.of()).build())
                .build();
        byte[] bytes = Topics.ITEMS.encode(item);
        assertTrue(bytes.length < 1 << 20, "fits in a default Kafka message");
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> Topics.ITEMS.decode(bytes));
        assertEquals(DeadLetterKind.TOO_LARGE, e.kind());
    }

    @Test
    void garbageAndAnotherTypeAreMalformed() {
        assertEquals(DeadLetterKind.MALFORMED_RECORD, assertThrows(UndecodableRecordException.class,
                () -> Topics.ITEMS.decode(new byte[] {1, 2, 3})).kind());
        byte[] prediction = Topics.PREDICTIONS.encode(prediction(null));
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> Topics.ITEMS.decode(prediction));
        assertEquals(DeadLetterKind.MALFORMED_RECORD, e.kind());
        assertTrue(e.getMessage().contains("unknown schema"), e.getMessage());
    }

    @Test
    void everyWellFormedRecordStillDecodes() {
        Prediction p = prediction(List.of(-0.1, -2.5, -3.0, -4.0));
        assertEquals(p, Topics.PREDICTIONS.decode(Topics.PREDICTIONS.encode(p)));
        EvalItem item = AvroSerdeTest.mmluItem();
        assertEquals(item, Topics.ITEMS.decode(Topics.ITEMS.encode(item)));
    }

    static Prediction prediction(List<Double> logprobs) {
        return Prediction.newBuilder().setPredictionId("r/base/MMLU/q1").setRunId("r").setModelId("base")
                .setBenchmark(Benchmark.MMLU).setItemId("q1").setGroup("astronomy").setGold("B").setOutput(MARK)
                .setChoiceLogprobs(logprobs).build();
    }

    /** The valid bytes up to where {@code found} starts, then {@code replacement}, and nothing after. */
    static byte[] replaceFrom(byte[] valid, byte[] found, byte[] replacement) {
        for (int i = 0; i + found.length <= valid.length; i++) {
            if (Arrays.equals(valid, i, i + found.length, found, 0, found.length)) {
                return concat(Arrays.copyOf(valid, i), replacement);
            }
        }
        throw new AssertionError("marker not found in the encoded record");
    }

    static byte[] zigzag(long value) {
        long v = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] doubleBytes(double d) {
        long bits = Double.doubleToLongBits(d);
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (bits >>> (8 * i));
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
