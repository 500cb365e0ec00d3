package io.evalstream.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates an experiment YAML. Every error names the file, the key and what is allowed. */
public final class ExperimentConfigReader {
    public static final List<String> MODEL_KINDS = List.of("oracle", "replay", "llm");
    public static final List<String> SPIDER_MODES = List.of("official", "strict", "bag", "set");
    public static final List<String> MMLU_CATEGORIES = List.of("STEM", "humanities", "social_sciences", "other");
    private static final String RUN_ID_PATTERN = "[A-Za-z0-9._-]{1,100}";
    /** Model ids may also carry '@seed<N>': repeats of one model with several seeds are summarised across seeds. */
    private static final String MODEL_ID_PATTERN = "[A-Za-z0-9._-]{1,100}(@seed[0-9]{1,9})?";

    public static ExperimentConfig read(Path file) {
        JsonNode root;
        try {
            // a key written twice must not silently take the last value
            root = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException("experiment config " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid YAML at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read experiment config " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + ": must be a YAML mapping with run_id, benchmarks and models");
        }
        ConfigNode c = new ConfigNode(file, "", root);
        c.allowOnly(Set.of("run_id", "seed", "data", "kafka", "benchmarks", "models", "scoring", "base_model"));
        String runId = c.requiredString("run_id");
        if (!runId.matches(RUN_ID_PATTERN)) {
            throw c.error("run_id", "is '" + runId + "'; use 1 to 100 letters, digits, '.', '_' and '-' (it is part of record keys)"
                    + (runId.length() > 100 ? "; this one has " + runId.length() + " characters" : ""));
        }
        long seed = c.integer("seed", 1234, Long.MIN_VALUE, Long.MAX_VALUE);
        int partitions = 4;
        ConfigNode kafka = c.child("kafka");
        if (kafka != null) {
            kafka.allowOnly(Set.of("partitions"));
            partitions = (int) kafka.integer("partitions", 4, 1, 256);
        }
        ConfigNode benchmarks = c.child("benchmarks");
        if (benchmarks == null) {
            throw c.error("benchmarks", "is required: name spider and/or mmlu");
        }
        benchmarks.allowOnly(Set.of("spider", "mmlu"));
        ExperimentConfig.SpiderConfig spider = spider(benchmarks.child("spider"));
        ExperimentConfig.MmluConfig mmlu = mmlu(benchmarks.child("mmlu"));
        if (spider == null && mmlu == null) {
            throw c.error("benchmarks", "names no benchmark; allowed: spider, mmlu");
        }
        List<ExperimentConfig.ModelConfig> models = models(c);
        for (int i = 0; i < models.size(); i++) {
            ExperimentConfig.ModelConfig m = models.get(i);
            if (m.kind().equals("replay") && spider != null && m.spiderPredictions() == null) {
                throw c.error("models[" + i + "].spider_predictions", "is required: the run includes Spider and model " + m.id() + " replays predictions");
            }
            if (m.kind().equals("replay") && mmlu != null && m.mmluPredictions() == null) {
                throw c.error("models[" + i + "].mmlu_predictions", "is required: the run includes MMLU and model " + m.id() + " replays predictions");
            }
        }
        String baseModel = c.string("base_model", models.get(0).id());
        Set<String> ids = new HashSet<>();
        for (ExperimentConfig.ModelConfig m : models) {
            for (String id : concat(m.id(), m.adapters().keySet())) {
                if (!ids.add(id)) {
                    throw c.error("models", "names model id '" + id + "' twice; model ids must be unique");
                }
            }
        }
        if (!ids.contains(baseModel)) {
            throw c.error("base_model", "is '" + baseModel + "', which is not a model id of this run; ids: " + String.join(", ", ids));
        }
        return new ExperimentConfig(file, canonicalSha256(root), runId, seed, c.path("data"), partitions, spider, mmlu,
                models, scoring(c.child("scoring")), baseModel);
    }

    private static List<String> concat(String first, Set<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static ExperimentConfig.SpiderConfig spider(ConfigNode s) {
        if (s == null) {
            return null;
        }
        s.allowOnly(Set.of("split", "limit", "few_shot_train_ids"));
        String split = s.oneOf("split", "dev", List.of("dev"));
        int limit = (int) s.integer("limit", 0, 0, Integer.MAX_VALUE);
        List<Integer> fewShot = s.list("few_shot_train_ids", n -> {
            if (!n.isInt() || n.asInt() < 0) {
                throw new IllegalArgumentException("got '" + n.asText() + "'");
            }
            return n.asInt();
        }, "a non-negative index into train_spider.reduced.json");
        return new ExperimentConfig.SpiderConfig(split, limit, fewShot);
    }

    private static ExperimentConfig.MmluConfig mmlu(ConfigNode m) {
        if (m == null) {
            return null;
        }
        m.allowOnly(Set.of("per_category", "k_shot", "subjects"));
        int perCategory = (int) m.integer("per_category", 50, 1, 10_000);
        int kShot = (int) m.integer("k_shot", 4, 0, 5);
        Map<String, List<String>> subjects = new LinkedHashMap<>();
        ConfigNode s = m.child("subjects");
        if (s != null) {
            s.allowOnly(Set.copyOf(MMLU_CATEGORIES));
            for (String required : List.of("STEM", "humanities", "social_sciences")) {
                if (!s.has(required)) {
                    throw s.error(required, "is missing: the suite has " + "per_category questions from each of STEM, humanities "
                            + "and social_sciences; name subjects for each, or leave out subjects for the default selection");
                }
            }
            for (String category : s.entries().keySet()) {
                subjects.put(category, s.list(category, n -> {
                    if (!n.isTextual()) {
                        throw new IllegalArgumentException("got '" + n + "'");
                    }
                    return n.asText();
                }, "an MMLU subject name such as college_physics"));
            }
        }
        return new ExperimentConfig.MmluConfig(perCategory, kShot, subjects);
    }

    private static List<ExperimentConfig.ModelConfig> models(ConfigNode c) {
        List<ConfigNode> entries = c.children("models");
        if (entries.isEmpty()) {
            throw c.error("models", "is required: a list with at least one model (kind: oracle, replay or llm)");
        }
        List<ExperimentConfig.ModelConfig> out = new ArrayList<>();
        for (ConfigNode m : entries) {
            m.allowOnly(Set.of("id", "kind", "path", "spider_predictions", "mmlu_predictions", "adapters",
                    "max_new_tokens", "batch_size", "spider_prompts", "device", "dtype"));
            String id = m.requiredString("id");
            if (!id.matches(MODEL_ID_PATTERN)) {
                throw m.error("id", "is '" + id + "'; use letters, digits, '.', '_' and '-', optionally ending in @seed<N>");
            }
            String kind = m.oneOf("kind", null, MODEL_KINDS);
            if (kind == null) {
                throw m.error("kind", "is required; allowed: " + String.join(", ", MODEL_KINDS));
            }
            Map<String, Path> adapters = new LinkedHashMap<>();
            ConfigNode a = m.child("adapters");
            if (a != null) {
                if (!kind.equals("llm")) {
                    throw m.error("adapters", "is only allowed for kind llm");
                }
                for (String adapterId : a.entries().keySet()) {
                    if (!adapterId.matches(MODEL_ID_PATTERN)) {
                        throw a.error(adapterId, "is not a valid model id; use letters, digits, '.', '_' and '-'");
                    }
                    adapters.put(adapterId, a.path(adapterId));
                }
            }
            Path path = m.path("path");
            if (kind.equals("llm") && path == null) {
                throw m.error("path", "is required for kind llm: the Hugging Face model folder");
            }
            Path spiderPredictions = m.path("spider_predictions");
            Path mmluPredictions = m.path("mmlu_predictions");
            if (kind.equals("replay") && spiderPredictions == null && mmluPredictions == null) {
                throw m.error("spider_predictions", "or mmlu_predictions is required for kind replay");
            }
            Map<String, String> spiderPrompts = new LinkedHashMap<>();
            ConfigNode prompts = m.child("spider_prompts");
            if (prompts != null) {
                if (!kind.equals("llm")) {
                    throw m.error("spider_prompts", "is only allowed for kind llm");
                }
                for (String promptFor : prompts.entries().keySet()) {
                    if (!promptFor.equals(id) && !adapters.containsKey(promptFor)) {
                        throw prompts.error(promptFor, "is not a model id of this entry; ids: " + id
                                + (adapters.isEmpty() ? "" : ", " + String.join(", ", adapters.keySet())));
                    }
                    spiderPrompts.put(promptFor, prompts.oneOf(promptFor, null, List.of("few_shot", "zero_shot")));
                }
            }
            String device = m.string("device", "auto");
            if (!device.matches("auto|cpu|gpu|gpu:\\d+")) {
                throw m.error("device", "is '" + device + "'; allowed: auto, cpu, gpu, gpu:N");
            }
            String dtype = m.oneOf("dtype", "auto", List.of("auto", "float32", "float16"));
            if (!kind.equals("llm") && (m.has("device") || m.has("dtype"))) {
                throw m.error(m.has("device") ? "device" : "dtype", "is only allowed for kind llm");
            }
            out.add(new ExperimentConfig.ModelConfig(id, kind, path, spiderPredictions, mmluPredictions, adapters,
                    (int) m.integer("max_new_tokens", 256, 1, 8192), (int) m.integer("batch_size", 8, 1, 1024), spiderPrompts, device, dtype));
        }
        return out;
    }

    private static ExperimentConfig.ScoringConfig scoring(ConfigNode s) {
        if (s == null) {
            return new ExperimentConfig.ScoringConfig("official", 10_000, 2, null);
        }
        s.allowOnly(Set.of("spider_mode", "timeout_ms", "workers", "float_tolerance"));
        return new ExperimentConfig.ScoringConfig(s.oneOf("spider_mode", "official", SPIDER_MODES),
                s.integer("timeout_ms", 10_000, 1, 3_600_000), (int) s.integer("workers", 2, 1, 64),
                s.number("float_tolerance", null));
    }

    /** SHA-256 of the config with keys sorted, so formatting and key order do not change it. */
    static String canonicalSha256(JsonNode root) {
        try {
            ObjectMapper mapper = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            Object tree = mapper.treeToValue(root, Object.class);
            byte[] canonical = mapper.writeValueAsBytes(tree);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ExperimentConfigReader() {
    }
}
