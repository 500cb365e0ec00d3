package io.evalstream.generator.engine.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evalstream.generator.engine.weights.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PEFT LoRA adapter loaded beside a base model: for each targeted linear module, A
 * ({@code [r, in]}) and B with the scale folded in ({@code [out, r]}), so the low-rank term of a
 * batch x is {@code x · Aᵀ · (scale · B)ᵀ}. The engine copies the factors into its per-projection
 * stacks (in the compute dtype) and then {@link #releaseFactors() releases} these, so no factor is
 * held twice.
 */
public final class LoraAdapter implements AutoCloseable {

    /** The two factors of one module's update: A {@code [r, in]} and scale·B {@code [out, r]}, float32. */
    public record Factors(NDArray a, NDArray scaledB) {

        public int rank() {
            return (int) a.getShape().get(0);
        }
    }

    private static final String PREFIX = "base_model.model.";

    private final String name;
    private final Path dir;
    private final LoraConfig config;
    private Map<String, Factors> modules;
    private final Set<String> moduleNames;
    private final String sha256;
    private final NDManager manager;

    private LoraAdapter(String name, Path dir, LoraConfig config, Map<String, Factors> modules, String sha256, NDManager manager) {
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.modules = modules;
        this.moduleNames = Set.copyOf(modules.keySet());
        this.sha256 = sha256;
        this.manager = manager;
    }

    /**
     * Loads an adapter and checks it against the base: every targeted module must exist in the
     * base with the shapes A and B imply, and every module the config targets must carry factors.
     *
     * @param baseLinears the base's linear modules, name (e.g. model.layers.0.self_attn.q_proj) to [out, in]
     */
    public static LoraAdapter load(String name, Path dir, Map<String, long[]> baseLinears, NDManager parent) throws IOException {
        LoraConfig config = LoraConfig.read(dir);
        Path file = dir.resolve("adapter_model.safetensors");
        if (!Files.exists(file)) {
            throw new IOException(dir + ": no adapter_model.safetensors"
                    + (Files.exists(dir.resolve("adapter_model.bin")) ? " (adapter_model.bin is not supported: save with safe_serialization=True)" : ""));
        }
        NDManager manager = parent.newSubManager();
        try (Checkpoint weights = Checkpoint.openFile(file)) {
            Set<String> seen = new HashSet<>();
            Map<String, Factors> modules = new LinkedHashMap<>();
            for (String key : weights.names()) {
                String module = moduleOf(key);
                if (module == null) {
                    throw new IllegalArgumentException(file + ": tensor " + key + " is not a LoRA A/B weight (only bias=\"none\" LoRA adapters without modules_to_save are supported)");
                }
                if (!seen.add(module)) {
                    continue;
                }
                long[] base = baseLinears.get(module);
                if (base == null) {
                    throw new IllegalArgumentException(file + ": adapter targets " + module + ", which the base model does not have"
                            + " (is this adapter for another architecture?)");
                }
                String prefix = PREFIX + module;
                long[] aShape = weights.shape(prefix + ".lora_A.weight");
                long[] bShape = weights.shape(prefix + ".lora_B.weight");
                if (aShape == null || bShape == null) {
                    throw new IllegalArgumentException(file + ": module " + module + " lacks lora_A or lora_B");
                }
                long r = aShape[0];
                long[] expectA = {r, base[1]};
                long[] expectB = {base[0], r};
                if (!Arrays.equals(aShape, expectA) || !Arrays.equals(bShape, expectB)) {
                    throw new IllegalArgumentException(file + ": module " + module + " has lora_A " + Arrays.toString(aShape)
                            + " and lora_B " + Arrays.toString(bShape) + ", but the base's " + module + " is [out, in] = "
                            + Arrays.toString(base) + ", so expected " + Arrays.toString(expectA) + " and " + Arrays.toString(expectB)
                            + ": the adapter was trained on a different base model");
                }
                if (r != config.r()) {
                    throw new IllegalArgumentException(file + ": module " + module + " has rank " + r + " but adapter_config.json says r=" + config.r());
                }
                // copies: a loaded tensor may read the mapped file, which is unmapped once the checkpoint goes away
                NDArray mapped = weights.load(manager, prefix + ".lora_A.weight", expectA);
                NDArray a = mapped.duplicate();
                mapped.close();
                NDArray b = weights.load(manager, prefix + ".lora_B.weight", expectB);
                NDArray scaledB = b.mul((float) config.scale());
                b.close();
                modules.put(module, new Factors(a, scaledB));
            }
            for (String module : baseLinears.keySet()) {
                if (config.targets(module) && !modules.containsKey(module)) {
                    throw new IllegalArgumentException(file + ": adapter_config.json targets " + module + " (" + config.describeTargets()
                            + ") but the weights hold no factors for it");
                }
            }
            if (modules.isEmpty()) {
                throw new IllegalArgumentException(file + ": no LoRA weights");
            }
            return new LoraAdapter(name, dir, config, Collections.unmodifiableMap(modules), Checkpoint.sha256(List.of(file)), manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * An adapter with random factors (non-zero B) on the base modules whose names end with one of
     * {@code targets}: for benchmarks, where no adapter files exist.
     */
    public static LoraAdapter random(String name, Map<String, long[]> baseLinears, List<String> targets, int r, double alpha,
                                     NDManager parent) {
        NDManager manager = parent.newSubManager();
        LoraConfig config = new LoraConfig(r, alpha, 0, List.copyOf(targets), null, false, false, "none");
        Map<String, Factors> modules = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : baseLinears.entrySet()) {
            if (config.targets(e.getKey())) {
                long out = e.getValue()[0];
                long in = e.getValue()[1];
                NDArray a = manager.randomNormal(0f, (float) (1 / Math.sqrt(in)), new Shape(r, in), DataType.FLOAT32);
                NDArray scaledB = manager.randomNormal(0f, (float) (config.scale() / Math.sqrt(r)), new Shape(out, r), DataType.FLOAT32);
                modules.put(e.getKey(), new Factors(a, scaledB));
            }
        }
        return new LoraAdapter(name, null, config, Collections.unmodifiableMap(modules), null, manager);
    }

    private static String moduleOf(String key) {
        if (!key.startsWith(PREFIX)) {
            return null;
        }
        for (String suffix : new String[] {".lora_A.weight", ".lora_B.weight"}) {
            if (key.endsWith(suffix)) {
                return key.substring(PREFIX.length(), key.length() - suffix.length());
            }
        }
        return null;
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public LoraConfig config() {
        return config;
    }

    /** The factors of a module (null when not targeted); fails once they were released into the engine's stacks. */
    public Factors factors(String module) {
        if (modules == null) {
            throw new IllegalStateException("adapter " + name + ": factors were released into the engine's LoRA stacks");
        }
        return modules.get(module);
    }

    public Set<String> modules() {
        return moduleNames;
    }

    /** Frees the float32 factors once the engine holds them in its stacks. */
    public void releaseFactors() {
        if (modules != null) {
            modules = null;
            manager.close();
        }
    }

    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        releaseFactors();
    }
}
