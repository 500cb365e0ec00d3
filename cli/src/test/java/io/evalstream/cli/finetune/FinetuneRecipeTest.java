package io.evalstream.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.generator.engine.weights.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning recipe's torch-free Python tests (scripts/tests), and the one fact it shares with
 * the Java engine: a base model's weight hash, which links an adapter's training_summary.json to the
 * base model a run evaluates it on.
 */
class FinetuneRecipeTest {

    private static final Path FIXTURES = PythonScript.root().resolve("generator/src/test/resources/fixtures");

    @BeforeEach
    void python() {
        PythonScript.assumePython();
    }

    @Test
    void pythonUnitTestsPass() throws IOException {
        PythonScript.Result r = PythonScript.run(List.of("-m", "unittest", "discover", "-s", "scripts/tests", "-v"));
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void baseModelHashMatchesTheEngineForSingleFileAndShardedCheckpoints() throws IOException {
        for (String arch : List.of("llama3", "mistral")) {
            Path dir = FIXTURES.resolve(arch).resolve("base");
            assumeTrue(Files.isDirectory(dir), "needs the generator's fixture model " + dir + " (made by scripts/make_fixtures.py)");
            String java;
            try (Checkpoint c = Checkpoint.openModelDir(dir)) {
                java = c.sha256();
            }
            PythonScript.Result r = PythonScript.run(List.of("-c",
                    "import sys; sys.path.insert(0, 'scripts'); from sft.hashing import base_model_sha256; "
                            + "print(base_model_sha256(sys.argv[1]))", dir.toString()));
            assertEquals(0, r.exitCode(), r.output());
            assertEquals(java, r.stdout().strip(), arch);
        }
    }
}
