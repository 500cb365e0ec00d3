package io.evalstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    static EvalItem mmluItem() {
        return EvalItem.newBuilder()
                .setRunId("run-1").setBenchmark(Benchmark.MMLU).setItemId("mmlu-astronomy-test-0003")
                .setIndex(7).setGroup("astronomy").setCategory("STEM")
                .setQuestion("What is the closest star?").setGold("B")
                .setMmlu(MmluPayload.newBuilder().setSubject("astronomy")
                        .setChoices(List.of("Vega", "The Sun", "Sirius", "Polaris"))
                        .setFewShot(List.of()).build())
                .build();
    }

    @Test
    void roundTripsEveryField() {
        AvroSerde<EvalItem> serde = AvroSerde.of(EvalItem.class);
        EvalItem item = mmluItem();
        byte[] bytes = serde.serializer().serialize(Topics.ITEMS, item);
        // single-object encoding: C3 01 marker, then the 8-byte schema fingerprint
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(item, serde.deserializer().deserialize(Topics.ITEMS, bytes));
    }

    @Test
    void decodesARecordWrittenWithTheOlderSchemaVersion() throws Exception {
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream("/schemas/history/EvalItem-v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        assertTrue(v1.getField("index") == null, "v1 predates the index field");
        GenericRecord old = new GenericData.Record(v1);
        old.put("run_id", "run-old");
        old.put("benchmark", new GenericData.EnumSymbol(v1.getField("benchmark").schema(), "SPIDER"));
        old.put("item_id", "spider-dev-0001");
        old.put("group", "concert_singer");
        old.put("category", null);
        old.put("question", "How many singers do we have?");
        old.put("gold", "SELECT count(*) FROM singer");
        old.put("spider", null);
        old.put("mmlu", null);
        old.put("unscorable_reason", null);
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        EvalItem decoded = AvroSerde.of(EvalItem.class).decode(bytes);

        assertEquals("spider-dev-0001", decoded.getItemId());
        assertEquals(Benchmark.SPIDER, decoded.getBenchmark());
        assertEquals(-1, decoded.getIndex(), "a field added in v2 takes its default");
        assertNull(decoded.getSpider());
    }

    @Test
    void decodesAScoreWrittenBeforeItHadTheReplyAndTheExecutedSql() throws Exception {
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream("/schemas/history/Score-v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        assertTrue(v1.getField("output") == null && v1.getField("executed") == null, "v1 predates output and executed");
        GenericRecord old = new GenericData.Record(v1);
        old.put("score_id", "r/base/SPIDER/spider-dev-0001#execution_accuracy@1/official");
        old.put("prediction_id", "r/base/SPIDER/spider-dev-0001");
        old.put("run_id", "r");
        old.put("model_id", "base");
        old.put("benchmark", new GenericData.EnumSymbol(v1.getField("benchmark").schema(), "SPIDER"));
        old.put("item_id", "spider-dev-0001");
        old.put("group", "concert_singer");
        old.put("category", "easy");
        old.put("metric", "execution_accuracy");
        old.put("metric_version", "1/official");
        old.put("scorable", true);
        old.put("score", 1.0);
        old.put("outcome", "correct");
        old.put("reason", "same result as gold");
        old.put("scored_at", 42L);
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        Score decoded = AvroSerde.of(Score.class).decode(bytes);

        assertEquals("1/official", decoded.getMetricVersion());
        assertEquals(1.0, decoded.getScore());
        assertNull(decoded.getOutput(), "a field added in v2 takes its default");
        assertNull(decoded.getExecuted());
        Score v2 = Score.newBuilder(decoded).setOutput("```sql\nSELECT 1\n```").setExecuted("SELECT 1").build();
        assertEquals(v2, AvroSerde.of(Score.class).decode(AvroSerde.of(Score.class).encode(v2)));
    }

    @Test
    void rejectsBytesOfAnUnknownSchemaWithTheTypeInTheMessage() {
        AvroSerde<Score> serde = AvroSerde.of(Score.class);
        byte[] itemBytes = AvroSerde.of(EvalItem.class).encode(mmluItem());
        SerializationException e = assertThrows(SerializationException.class, () -> serde.decode(itemBytes));
        assertTrue(e.getMessage().contains("Score"), e.getMessage());
        assertThrows(SerializationException.class, () -> serde.decode(new byte[] {1, 2, 3}));
    }

    @Test
    void keysNameRunModelBenchmarkAndItem() {
        String predictionId = RecordKeys.predictionId("r1", "base", Benchmark.SPIDER, "spider-dev-0042");
        assertEquals("r1/base/SPIDER/spider-dev-0042", predictionId);
        assertEquals("r1/base/SPIDER/spider-dev-0042#execution_accuracy@1/official",
                RecordKeys.scoreId(predictionId, "execution_accuracy", "1/official"));
        assertEquals("r1/MMLU/astronomy", RecordKeys.itemKey(EvalItem.newBuilder(mmluItem()).setRunId("r1").build()));
    }
}
