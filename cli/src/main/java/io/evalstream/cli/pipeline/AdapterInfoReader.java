package io.evalstream.cli.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.cli.config.ConfigException;
import io.evalstream.schemas.AdapterInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the run manifest records about a LoRA adapter folder: the essentials of adapter_config.json
 * and, when scripts/finetune.py made the adapter, its training_summary.json as written, so a
 * report can show how each adapter was trained beside what it scored.
 */
final class AdapterInfoReader {
    static final String ADAPTER_CONFIG = "adapter_config.json";
    static final String TRAINING_SUMMARY = "training_summary.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdapterInfoReader() {
    }

    /**
     * @return null when the folder has no adapter_config.json: the run may be planned where the
     *         adapters are not (a separate producer), and loading the adapter names the problem
     */
    static AdapterInfo read(String adapterId, Path dir) {
        Path configFile = dir.resolve(ADAPTER_CONFIG);
        if (!Files.isRegularFile(configFile)) {
            return null;
        }
        byte[] configBytes = bytes(configFile);
        JsonNode config = parse(adapterId, configFile, configBytes);
        JsonNode r = config.path("r");
        if (!r.canConvertToInt() || r.asInt() <= 0) {
            throw new ConfigException("adapter " + adapterId + ": " + configFile + ": \"r\" is " + r + "; expected a positive integer");
        }
        List<String> targets = new ArrayList<>();
        JsonNode t = config.path("target_modules");
        if (t.isArray()) {
            t.forEach(x -> targets.add(x.asText()));
        } else if (t.isTextual()) {
            targets.add(t.asText());
        }
        AdapterInfo.Builder info = AdapterInfo.newBuilder()
                .setR(r.asInt())
                .setLoraAlpha(config.path("lora_alpha").asDouble(r.asInt()))
                .setLoraDropout(config.path("lora_dropout").asDouble(0))
                .setUseRslora(config.path("use_rslora").asBoolean(false))
                .setTargetModules(targets)
                .setPeftVersion(config.path("peft_version").isTextual() ? config.get("peft_version").asText() : null)
                .setAdapterConfigSha256(sha256(configBytes));
        Path summaryFile = dir.resolve(TRAINING_SUMMARY);
        if (Files.isRegularFile(summaryFile)) {
            byte[] summary = bytes(summaryFile);
            if (!parse(adapterId, summaryFile, summary).isObject()) {
                throw new ConfigException("adapter " + adapterId + ": " + summaryFile + " is not a JSON object (scripts/finetune.py writes one)");
            }
            info.setTrainingSummary(new String(summary, StandardCharsets.UTF_8)).setTrainingSummarySha256(sha256(summary));
        }
        return info.build();
    }

    private static JsonNode parse(String adapterId, Path file, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ConfigException("adapter " + adapterId + ": " + file + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage() + " (fix or remove the file)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
