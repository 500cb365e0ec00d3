package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.ItemPublisher;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.schemas.AdapterInfo;
import io.evalstream.schemas.AvroSerde;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study-shaped run (experiments/study.yaml in small): a base model and two adapters, one of
 * them fine-tuned by scripts/finetune.py (its folder holds a training_summary.json) and evaluated
 * with the zero-shot prompt it was trained on. The run manifest records each adapter's
 * adapter_config.json essentials and the training summary as written, so a report can show how
 * each adapter was trained beside its results.
 */
@ExtendWith(KafkaBroker.class)
class AdapterTrainingManifestIT {
    private static final AvroSerde<Prediction> PREDICTIONS = AvroSerde.of(Prediction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theManifestCarriesEachAdaptersConfigurationAndTrainingSummary(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        Path fixture = Path.of(System.getProperty("evalstream.root", "..")).resolve("generator/src/test/resources/fixtures/llama3");
        assumeTrue(Files.isDirectory(fixture.resolve("base")), "needs the fixture model " + fixture
                + " (made by scripts/make_fixtures.py, committed with the generator's tests)");
        TopicSetup.ensureTopics(broker.bootstrapServers(), 2, (short) 1);

        // a tiny adapter as finetune.py leaves it: the PEFT files and training_summary.json beside them
        Path tuned = Files.createDirectories(temp.resolve("out/adapters/lora-tiny-lr2e-4-ep1"));
        for (String file : List.of("adapter_config.json", "adapter_model.safetensors")) {
            Files.copy(fixture.resolve("adapter_attn").resolve(file), tuned.resolve(file));
        }
        String summary = """
                {
                 "adapter_id": "lora-tiny-lr2e-4-ep1",
                 "config": {"r": 4, "lora_alpha": 8, "lora_dropout": 0.05, "learning_rate": 0.0002, "epochs": 1, "seed": 1234},
                 "config_sha256": "e001716b556cc777174b06a7b0af1d060c221fd9353f86222e09ee25e6027591",
                 "data": {"sha256": "2208e5e0bdf0aa09b8014c5e12adae2e479574424f46ad7b0c030aff6840000f", "template": "spider-zeroshot-v1"},
                 "steps": 19,
                 "loss": {"first": 5.91, "last": 3.02},
                 "format": "evalstream-training-summary/1"
                }
                """;
        Files.writeString(tuned.resolve("training_summary.json"), summary);

        String runId = KafkaBroker.unique("adapter-manifest");
        Path file = temp.resolve("study-small.yaml");
        Files.writeString(file, """
                run_id: %s
                seed: 7
                kafka: {partitions: 2}
                benchmarks:
                  spider: {split: dev, limit: 2, few_shot_train_ids: [0, 1, 2]}
                  mmlu:
                    per_category: 1
                    k_shot: 1
                    subjects: {STEM: [astronomy], humanities: [philosophy], social_sciences: [sociology]}
                models:
                  - id: base
                    kind: llm
                    path: %s
                    adapters:
                      lora-tiny-lr2e-4-ep1: out/adapters/lora-tiny-lr2e-4-ep1
                      lora-mlp: %s
                    spider_prompts: {lora-tiny-lr2e-4-ep1: zero_shot}
                    max_new_tokens: 6
                    batch_size: 4
                """.formatted(runId, fixture.resolve("base").toAbsolutePath(), fixture.resolve("adapter_mlp").toAbsolutePath()));
        ExperimentConfig config = ExperimentConfigReader.read(file);

        try (Pipeline pipeline = new Pipeline(RunPlan.build(config, data, Map.of()), broker.bootstrapServers(), temp.resolve("streams"))) {
            pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false));
        }

        RunManifest manifest = new ItemPublisher(broker.bootstrapServers()).existingManifest(runId)
                .orElseThrow(() -> new AssertionError("no manifest for " + runId));
        Map<String, ModelInfo> models = manifest.getModels().stream().collect(Collectors.toMap(ModelInfo::getModelId, Function.identity()));
        assertNull(models.get("base").getAdapter(), "the base model is no adapter");

        AdapterInfo trained = models.get("lora-tiny-lr2e-4-ep1").getAdapter();
        assertEssentials(fixture.resolve("adapter_attn/adapter_config.json"), trained);
        assertEquals(List.of("v_proj", "k_proj", "q_proj", "o_proj"), trained.getTargetModules());
        assertEquals(summary, trained.getTrainingSummary(), "the summary as finetune.py wrote it");
        assertEquals(sha256(summary.getBytes(StandardCharsets.UTF_8)), trained.getTrainingSummarySha256());
        assertEquals(0.0002, JSON.readTree(trained.getTrainingSummary()).at("/config/learning_rate").asDouble());

        AdapterInfo untrained = models.get("lora-mlp").getAdapter();
        assertEssentials(fixture.resolve("adapter_mlp/adapter_config.json"), untrained);
        assertEquals(List.of(".*\\.(gate_proj|up_proj|down_proj)"), untrained.getTargetModules(), "a regex is the list's one element");
        assertNull(untrained.getTrainingSummary(), "an adapter made elsewhere has no training summary");

        // and the fine-tuned adapter answered Spider with the prompt it was trained on
        Map<String, String> spiderTemplates = new TreeMap<>();
        TopicSnapshot.read(broker.bootstrapServers(), Topics.PREDICTIONS, Duration.ofSeconds(60)).stream()
                .filter(r -> r.key().startsWith(runId + "/"))
                .map(r -> PREDICTIONS.decode(r.value()))
                .filter(p -> p.getBenchmark() == Benchmark.SPIDER)
                .forEach(p -> spiderTemplates.merge(p.getModelId(), p.getPromptTemplate(), (a, b) -> a.equals(b) ? a : a + "," + b));
        assertEquals(Map.of("base", "spider-3shot-v1", "lora-mlp", "spider-3shot-v1", "lora-tiny-lr2e-4-ep1", "spider-zeroshot-v1"),
                spiderTemplates);
    }

    private static void assertEssentials(Path configFile, AdapterInfo info) throws Exception {
        JsonNode config = JSON.readTree(configFile.toFile());
        assertEquals(config.get("r").asInt(), info.getR());
        assertEquals(config.get("lora_alpha").asDouble(), info.getLoraAlpha());
        assertEquals(config.get("lora_dropout").asDouble(), info.getLoraDropout());
        assertEquals(config.get("use_rslora").asBoolean(), info.getUseRslora());
        assertEquals(config.get("peft_version").asText(), info.getPeftVersion());
        assertEquals(sha256(Files.readAllBytes(configFile)), info.getAdapterConfigSha256());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
