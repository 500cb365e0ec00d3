package io.evalstream.generator.engine;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.generator.engine.weights.Checkpoint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tiny reference models scripts/make_fixtures.py built with transformers and peft, and what they computed. */
public final class Fixtures {

    public static final String[] ARCHS = {"llama3", "mistral", "qwen2", "phi"};
    public static final String[] ADAPTERS = {"attn", "mlp"};

    private Fixtures() {
    }

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path base(String arch) {
        return root().resolve(arch).resolve("base");
    }

    public static Map<String, Path> adapters(String arch) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String a : ADAPTERS) {
            m.put(a, root().resolve(arch).resolve("adapter_" + a));
        }
        return m;
    }

    public static JsonNode reference(String arch) throws IOException {
        return new ObjectMapper().readTree(root().resolve(arch).resolve("reference.json").toFile());
    }

    /** reference.safetensors: "{variant}.logits.{prompt}" to [T, V] floats, flattened. */
    public static Map<String, float[]> referenceLogits(String arch) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(); Checkpoint c = Checkpoint.openFile(root().resolve(arch).resolve("reference.safetensors"))) {
            for (String name : c.names()) {
                out.put(name, c.load(m, name).toFloatArray());
            }
        }
        return out;
    }

    public static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    public static String variantName(String variant) {
        return variant.equals("base") ? null : variant;
    }
}
