package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken checkpoints fail with the file, the tensor and what was expected. */
class CheckpointErrorsTest {

    @TempDir
    Path tmp;

    Path copyOf(String arch) throws IOException {
        Path dir = tmp.resolve(arch);
        Files.createDirectories(dir);
        try (var files = Files.list(Fixtures.base(arch))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void missingShard() throws Exception {
        Path dir = copyOf("mistral");
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        IOException e = assertThrows(IOException.class, () -> LlmEngine.load(dir, Map.of(), 0));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors") && e.getMessage().contains("incomplete"));
    }

    @Test
    void unsupportedArchitecture() throws Exception {
        Path dir = copyOf("phi");
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")).replace("PhiForCausalLM", "GPT2LMHeadModel"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmEngine.load(dir, Map.of(), 0));
        assertTrue(e.getMessage().contains("GPT2LMHeadModel") && e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void wrongShape() throws Exception {
        Path dir = copyOf("qwen2");
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")).replace("\"intermediate_size\": 128", "\"intermediate_size\": 96"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmEngine.load(dir, Map.of(), 0));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("gate_proj.weight")
                && e.getMessage().contains("[96, 64]"), e.getMessage());
    }

    @Test
    void wrongDtype() throws Exception {
        Path dir = copyOf("phi");
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 8, 200, StandardCharsets.ISO_8859_1);
        int at = header.indexOf("\"F32\"");
        bytes[8 + at + 1] = 'I'; // the first tensor becomes I32: same width, wrong kind
        Files.write(file, bytes);
        RuntimeException e = assertThrows(RuntimeException.class, () -> LlmEngine.load(dir, Map.of(), 0));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("I32") && e.getMessage().contains("expected F32, BF16 or F16"), e.getMessage());
    }
}
