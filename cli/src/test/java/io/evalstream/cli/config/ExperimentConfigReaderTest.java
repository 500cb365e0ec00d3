package io.evalstream.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigReaderTest {
    @TempDir
    Path temp;

    private static final String MINIMAL = """
            run_id: r1
            benchmarks:
              mmlu: {}
            models:
              - id: base
                kind: oracle
            """;

    private ExperimentConfig read(String yaml) throws Exception {
        Path f = temp.resolve("x.yaml");
        Files.writeString(f, yaml);
        return ExperimentConfigReader.read(f);
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> read(yaml)).getMessage();
    }

    @Test
    void readsTheShippedExperiment() {
        ExperimentConfig c = ExperimentConfigReader.read(Path.of("..", "experiments", "oracle-smoke.yaml"));
        assertEquals("oracle-smoke", c.runId());
        assertEquals(1234, c.seed());
        assertEquals(3, c.mmlu().subjects().size());
        assertEquals(50, c.mmlu().perCategory());
        assertEquals("official", c.scoring().spiderMode());
        assertEquals("base", c.baseModel());
    }

    @Test
    void defaultsFillWhatIsNotSaid() throws Exception {
        ExperimentConfig c = read(MINIMAL);
        assertEquals(4, c.partitions());
        assertEquals(50, c.mmlu().perCategory());
        assertEquals(4, c.mmlu().kShot());
        assertEquals(null, c.spider());
    }

    @Test
    void anUnknownKeyIsNamedWithWhatIsAllowed() {
        String m = error(MINIMAL + "scoring:\n  spider_mod: bag\n");
        assertTrue(m.contains("scoring.spider_mod") && m.contains("spider_mode"), m);
    }

    @Test
    void aBadValueNamesTheKeyAndTheAllowedValues() {
        String m = error(MINIMAL + "scoring:\n  spider_mode: fuzzy\n");
        assertTrue(m.contains("scoring.spider_mode") && m.contains("official, strict, bag, set"), m);
        m = error(MINIMAL.replace("kind: oracle", "kind: gpt"));
        assertTrue(m.contains("models[0].kind") && m.contains("oracle, replay, llm"), m);
        m = error(MINIMAL + "kafka:\n  partitions: 0\n");
        assertTrue(m.contains("kafka.partitions") && m.contains("1 to 256"), m);
    }

    @Test
    void missingPiecesAreNamed() {
        assertTrue(error("benchmarks: {mmlu: {}}\nmodels: [{id: base, kind: oracle}]\n").contains("run_id is required"));
        assertTrue(error("run_id: r\nmodels: [{id: base, kind: oracle}]\n").contains("benchmarks is required"));
        assertTrue(error("run_id: r\nbenchmarks: {mmlu: {}}\n").contains("models is required"));
        assertTrue(error(MINIMAL.replace("kind: oracle", "kind: replay")).contains("spider_predictions"));
        assertTrue(error(MINIMAL + "base_model: other\n").contains("base_model"));
        assertTrue(error("run_id: [\n").contains("not valid YAML at line"));
        String tooLong = error("run_id: " + "r".repeat(101) + "\nbenchmarks: {mmlu: {}}\nmodels: [{id: base, kind: oracle}]\n");
        assertTrue(tooLong.contains("1 to 100 letters") && tooLong.contains("this one has 101 characters"), tooLong);
    }

    @Test
    void aKeyWrittenTwiceIsAnError() {
        String m = error(MINIMAL + "seed: 1\nseed: 2\n");
        assertTrue(m.contains("seed"), m);
    }

    @Test
    void aPartialSubjectListIsAnErrorNotASmallerSuite() {
        String m = error(MINIMAL.replace("  mmlu: {}", "  mmlu:\n    subjects: {STEM: [astronomy]}"));
        assertTrue(m.contains("benchmarks.mmlu.subjects.humanities is missing"), m);
    }

    @Test
    void aReplayModelNeedsAFileForEveryBenchmarkOfTheRun() {
        String m = error(MINIMAL.replace("kind: oracle", "kind: replay\n    spider_predictions: x.sql"));
        assertTrue(m.contains("models[0].mmlu_predictions is required"), m);
    }

    /**
     * The study evaluates the adapters the shipped fine-tuning configs produce, where finetune.py
     * writes them by default (out/adapters/CONFIG_NAME from the repository root), each with the
     * zero-shot prompt it was trained on, on all of Spider dev and the 150-question MMLU suite.
     */
    @Test
    void theStudyEvaluatesTheShippedFineTuningConfigsAdaptersWithTheirTrainingPrompt() {
        Path experiments = Path.of("..", "experiments").toAbsolutePath().normalize();
        ExperimentConfig c = ExperimentConfigReader.read(experiments.resolve("study.yaml"));
        ExperimentConfig.ModelConfig base = c.models().get(0);
        assertEquals(List.of("base", "lora-r16-lr2e-4-ep1", "lora-r16-lr1e-4-ep2"), c.modelIds());
        assertEquals("llm", base.kind());
        assertEquals(Path.of("/path/to/base-model"), base.path(), "the placeholder the README tells users to set");
        for (String adapter : base.adapters().keySet()) {
            assertTrue(Files.isRegularFile(experiments.resolve("finetune").resolve(adapter + ".json")),
                    adapter + " is the name of a shipped fine-tuning config");
            assertEquals(experiments.getParent().resolve("out/adapters").resolve(adapter), base.adapters().get(adapter));
            assertEquals("zero_shot", base.spiderPrompts().get(adapter));
        }
        assertEquals(null, base.spiderPrompts().get("base"), "the base model keeps the 3-shot prompt");
        assertEquals(0, c.spider().limit(), "all of Spider dev");
        assertEquals(50, c.mmlu().perCategory());
        assertEquals(3, c.mmlu().subjects().size());
        assertEquals("base", c.baseModel());
    }

    @Test
    void llmEntriesNameTheirAdaptersAndPrompts() throws Exception {
        String llm = MINIMAL.replace("    kind: oracle", "    kind: llm\n    path: base\n    adapters: {lora-r16: a16}\n"
                + "    spider_prompts: {lora-r16: zero_shot}");
        ExperimentConfig c = read(llm);
        assertEquals(List.of("base", "lora-r16"), c.modelIds());
        assertEquals(Map.of("lora-r16", "zero_shot"), c.models().get(0).spiderPrompts());
        assertEquals(temp.resolve("a16"), c.models().get(0).adapters().get("lora-r16"), "relative to the config file");
        assertTrue(error(llm.replace("{lora-r16: zero_shot}", "{lora-r8: zero_shot}")).contains("not a model id of this entry"));
        assertTrue(error(llm.replace("zero_shot}", "two_shot}")).contains("few_shot, zero_shot"));
        assertTrue(error(MINIMAL.replace("kind: oracle", "kind: llm")).contains("models[0].path is required"));
    }

    @Test
    void runIdsThatWouldBreakRecordKeysAreRefused() {
        assertTrue(error(MINIMAL.replace("run_id: r1", "run_id: a/b")).contains("run_id"));
    }

    @Test
    void theHashIgnoresKeyOrderButNotValues() throws Exception {
        String reordered = """
                models:
                  - kind: oracle
                    id: base
                benchmarks:
                  mmlu: {}
                run_id: r1
                """;
        assertEquals(read(MINIMAL).sha256(), read(reordered).sha256());
        assertNotEquals(read(MINIMAL).sha256(), read(MINIMAL.replace("r1", "r2")).sha256());
    }
}
