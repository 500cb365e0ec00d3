package io.evalstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
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
        byte[] bytes = serde.serializer().serialize(Topics.ITEMS.name(), item);
        // single-object encoding: C3 01 marker, then the 8-byte schema fingerprint
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(item, serde.deserializer().deserialize(Topics.ITEMS.name(), bytes));
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
    void decodesARunManifestWrittenBeforeAdaptersWereDescribed() throws Exception {
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream("/schemas/history/RunManifest-v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        Schema modelInfo = v1.getField("models").schema().getElementType();
        assertNull(modelInfo.getField("adapter"), "v1 predates ModelInfo.adapter");
        GenericRecord model = new GenericData.Record(modelInfo);
        model.put("model_id", "lora-r16-lr2e-4-ep1");
        model.put("kind", "llm-adapter");
        model.put("base", false);
        model.put("source", "/adapters/lora-r16-lr2e-4-ep1");
        model.put("sha256", null);
        GenericRecord old = new GenericData.Record(v1);
        old.put("run_id", "run-old");
        old.put("config_sha256", "c0ffee");
        old.put("seed", 1234L);
        old.put("items_sha256", null);
        old.put("expected_items", Map.of("SPIDER", 1034));
        old.put("models", List.of(model));
        old.put("versions", Map.of());
        old.put("started_at", 42L);
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        RunManifest decoded = AvroSerde.of(RunManifest.class).decode(bytes);

        assertEquals("run-old", decoded.getRunId());
        assertEquals("lora-r16-lr2e-4-ep1", decoded.getModels().get(0).getModelId());
        assertNull(decoded.getModels().get(0).getAdapter(), "a field added in v2 takes its default");
    }

    @Test
    void roundTripsARunManifestWithAnAdaptersTraining() {
        AdapterInfo adapter = AdapterInfo.newBuilder().setR(16).setLoraAlpha(32).setLoraDropout(0.05).setUseRslora(false)
                .setTargetModules(List.of("q_proj", "v_proj")).setPeftVersion("0.17.1").setAdapterConfigSha256("ab12")
                .setTrainingSummary("{\"steps\": 438}").setTrainingSummarySha256("cd34").build();
        RunManifest manifest = RunManifest.newBuilder().setRunId("study").setConfigSha256("c0ffee").setSeed(1)
                .setExpectedItems(Map.of("SPIDER", 1034))
                .setModels(List.of(ModelInfo.newBuilder().setModelId("lora").setKind("llm-adapter").setAdapter(adapter).build()))
                .build();
        AvroSerde<RunManifest> serde = AvroSerde.of(RunManifest.class);
        assertEquals(manifest, serde.decode(serde.encode(manifest)));
    }

    @Test
    void decodesADeadLetterWrittenBeforeKindsExistedAsKindUnknown() throws Exception {
        Schema v1 = history("DeadLetter-v1.avsc");
        assertNull(v1.getField("kind"), "v1 predates the kind field");
        GenericRecord old = new GenericData.Record(v1);
        old.put("stage", "generator");
        old.put("source_topic", "evalstream.items");
        old.put("partition", 2);
        old.put("offset", 41L);
        old.put("key", "run-old/SPIDER/concert_singer");
        old.put("reason", "malformed record: cannot decode EvalItem (3 bytes)");
        old.put("payload", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        old.put("failed_at", 1_700_000_000_000L);

        DeadLetter decoded = AvroSerde.of(DeadLetter.class).decode(encode(v1, old));

        assertEquals(DeadLetterKind.UNKNOWN, decoded.getKind(), "a field added in v2 takes its default");
        assertEquals("run-old/SPIDER/concert_singer", decoded.getKey());
        assertEquals(41L, decoded.getOffset());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), decoded.getPayload());
    }

    @Test
    void decodesAV2DeadLetterWithoutAPredictionId() throws Exception {
        Schema v2 = history("DeadLetter-v2.avsc");
        GenericRecord old = new GenericData.Record(v2);
        old.put("stage", "scorer");
        old.put("source_topic", "evalstream.predictions");
        old.put("partition", 0);
        old.put("offset", 3L);
        old.put("key", "r/base/MMLU/q1");
        old.put("reason", "boom");
        old.put("payload", null);
        old.put("failed_at", 0L);
        old.put("kind", new GenericData.EnumSymbol(v2.getField("kind").schema(), "PROCESSING_ERROR"));

        DeadLetter decoded = AvroSerde.of(DeadLetter.class).decode(encode(v2, old));

        assertEquals(DeadLetterKind.PROCESSING_ERROR, decoded.getKind());
        assertNull(decoded.getPredictionId(), "a field added in v3 takes its default");
    }

    @Test
    void decodesAV1ManifestWithoutItemIds() throws Exception {
        Schema v1 = history("RunManifest-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("run_id", "r");
        old.put("config_sha256", "abc");
        old.put("seed", 1L);
        old.put("items_sha256", null);
        old.put("expected_items", Map.of("MMLU", 2));
        old.put("models", List.of());
        old.put("versions", Map.of());
        old.put("started_at", 0L);

        RunManifest decoded = AvroSerde.of(RunManifest.class).decode(encode(v1, old));

        assertEquals(Map.of("MMLU", 2), decoded.getExpectedItems());
        assertTrue(decoded.getItemIds().isEmpty(), "a manifest before item ids lists none");
    }

    @Test
    void roundTripsADeadLetterWithItsKind() {
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage("scorer").setSourceTopic(Topics.PREDICTIONS.name()).setPartition(0).setOffset(7)
                .setKey("r1/base/SPIDER/spider-dev-0001").setKind(DeadLetterKind.PROCESSING_ERROR)
                .setReason("cannot score r1/base/SPIDER/spider-dev-0001: boom").build();
        DeadLetter decoded = Topics.DEAD_LETTERS.decode(Topics.DEAD_LETTERS.encode(letter));
        assertEquals(letter, decoded);
        assertEquals(DeadLetterKind.PROCESSING_ERROR, decoded.getKind());
    }

    @Test
    void decodesAPredictionWrittenBeforeRuntimeWasRecorded() throws Exception {
        Schema v1 = history("Prediction-v1.avsc");
        assertNull(v1.getField("runtime"), "v1 predates the runtime field");
        GenericRecord old = new GenericData.Record(v1);
        old.put("prediction_id", "r1/base/SPIDER/spider-dev-0001");
        old.put("run_id", "r1");
        old.put("model_id", "base");
        old.put("benchmark", new GenericData.EnumSymbol(v1.getField("benchmark").schema(), "SPIDER"));
        old.put("item_id", "spider-dev-0001");
        old.put("index", 1);
        old.put("group", "concert_singer");
        old.put("gold", "SELECT 1");
        old.put("output", "SELECT 1");
        old.put("tokens_in", 0);
        old.put("tokens_out", 0);
        old.put("latency_ms", 0L);

        Prediction decoded = AvroSerde.of(Prediction.class).decode(encode(v1, old));

        assertNull(decoded.getRuntime(), "a field added in v2 takes its default");
        assertEquals("SELECT 1", decoded.getOutput());
        assertEquals(Benchmark.SPIDER, decoded.getBenchmark());
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


    private static Schema history(String file) throws Exception {
        try (InputStream in = AvroSerdeTest.class.getResourceAsStream("/schemas/history/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] encode(Schema writer, GenericRecord record) throws Exception {
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
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
