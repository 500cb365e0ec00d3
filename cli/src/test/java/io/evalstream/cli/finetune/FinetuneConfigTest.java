package io.evalstream.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/finetune.py --check} on the shipped fine-tuning configs and on broken ones: exit
 * status 2 and a message naming the key (or folder) at fault. Needs python3, not torch.
 */
class FinetuneConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private Path base;

    @BeforeEach
    void baseFolder() throws IOException {
        PythonScript.assumePython();
        base = Files.createDirectories(temp.resolve("base"));
        Files.writeString(base.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"]}");
    }

    private static List<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.list(PythonScript.root().resolve("experiments/finetune"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static PythonScript.Result check(Path config, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("scripts/finetune.py", config.toString(), "--check"));
        args.addAll(List.of(more));
        return PythonScript.run(args);
    }

    /** A shipped config with one change, written to a temporary file. */
    private Path variant(Consumer<ObjectNode> change) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(shipped().get(0).toFile());
        change.accept(c);
        Path f = Files.createTempFile(temp, "config", ".json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), c);
        return f;
    }

    private static void assertRefused(PythonScript.Result r, String... fragments) {
        assertEquals(2, r.exitCode(), r.output());
        for (String f : fragments) {
            assertTrue(r.stderr().contains(f), "expected \"" + f + "\" in: " + r.output());
        }
    }

    @Test
    void everyShippedConfigIsValidOnceItsBaseModelIsGiven() throws IOException {
        List<Path> configs = shipped();
        assertTrue(configs.size() >= 2, "experiments/finetune must ship at least two configs: " + configs);
        for (Path config : configs) {
            PythonScript.Result r = check(config, "--base-model", base.toString());
            assertEquals(0, r.exitCode(), config + ": " + r.output());
            assertTrue(r.stdout().startsWith("OK "), r.output());
            assertTrue(r.stdout().contains("base_model " + base.toAbsolutePath()), r.output());
        }
    }

    @Test
    void shippedConfigsDifferInLearningRateOrEpochs() throws IOException {
        List<String> recipes = new ArrayList<>();
        for (Path config : shipped()) {
            ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
            recipes.add(c.path("learning_rate").asDouble() + "/" + c.path("epochs").asInt());
        }
        assertEquals(recipes.size(), recipes.stream().distinct().count(), recipes.toString());
    }

    @Test
    void thePlaceholderBaseModelIsNamedWithWhatToDo() throws IOException {
        assertRefused(check(shipped().get(0)), "base_model", "does not exist", "--base-model");
    }

    @Test
    void anUnknownKeyIsNamedWithTheAllowedKeys() throws IOException {
        assertRefused(check(variant(c -> c.put("lora_rank", 8)), "--base-model", base.toString()),
                "unknown key 'lora_rank'", "allowed keys:", "lora_alpha");
    }

    @Test
    void aRankOfZeroOrLessIsRefused() throws IOException {
        assertRefused(check(variant(c -> c.put("r", 0)), "--base-model", base.toString()), "key 'r'", "positive integer");
        assertRefused(check(variant(c -> c.put("r", -4)), "--base-model", base.toString()), "key 'r'", "got -4");
    }

    @Test
    void missingOrEmptyTargetModulesAreRefused() throws IOException {
        assertRefused(check(variant(c -> c.remove("target_modules")), "--base-model", base.toString()),
                "missing key 'target_modules'");
        assertRefused(check(variant(c -> c.putArray("target_modules")), "--base-model", base.toString()),
                "key 'target_modules'", "non-empty list");
    }

    @Test
    void aBaseModelFolderThatDoesNotExistOrLacksConfigJsonIsRefused() throws IOException {
        Path missing = temp.resolve("no-such-model");
        assertRefused(check(variant(c -> c.put("base_model", missing.toString()))), missing.toString(), "does not exist");
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertRefused(check(shipped().get(0), "--base-model", empty.toString()), "has no config.json");
    }

    @Test
    void otherBadValuesNameTheirKeys() throws IOException {
        assertRefused(check(variant(c -> {
            c.put("lora_dropout", 1.0);
            c.put("lora_alpha", 0);
            c.put("lr_scheduler", "exponential");
            c.put("epochs", 0);
            c.put("per_device_batch_size", 0);
            c.put("gradient_accumulation_steps", 0);
            c.put("max_seq_length", -1);
        }), "--base-model", base.toString()), "key 'lora_dropout'", "key 'lora_alpha'",
                "key 'lr_scheduler'", "linear, cosine, constant, constant_with_warmup", "key 'epochs'",
                "key 'per_device_batch_size'", "key 'gradient_accumulation_steps'", "key 'max_seq_length'");
    }

    @Test
    void aRelativeBaseModelIsResolvedAgainstTheConfigFolder() throws IOException {
        Path config = variant(c -> c.put("base_model", "base"));
        PythonScript.Result r = check(config);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.stdout().contains("base_model " + base.toAbsolutePath()), r.output());
    }
}
