package io.evalstream.generator.engine.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A PEFT adapter_config.json. {@code target_modules} is either a list of module-name suffixes or
 * one regular expression that must match the whole module name, as in PEFT.
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetList, Pattern targetRegex,
                         boolean useRslora, boolean fanInFanOut, String bias) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Scale of the low-rank term: alpha / r, or alpha / sqrt(r) with rank-stabilised LoRA. */
    public double scale() {
        return useRslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    public boolean targets(String module) {
        if (targetRegex != null) {
            return targetRegex.matcher(module).matches();
        }
        for (String t : targetList) {
            if (module.equals(t) || module.endsWith("." + t)) {
                return true;
            }
        }
        return false;
    }

    public String describeTargets() {
        return targetRegex != null ? "regex " + targetRegex.pattern() : targetList.toString();
    }

    public static LoraConfig read(Path dir) throws IOException {
        Path file = dir.resolve("adapter_config.json");
        if (!Files.exists(file)) {
            throw new IOException(dir + ": no adapter_config.json (is this a PEFT adapter folder?)");
        }
        JsonNode c = JSON.readTree(file.toFile());
        String peftType = c.path("peft_type").asText("LORA");
        if (!peftType.equals("LORA")) {
            throw new IllegalArgumentException(file + ": peft_type " + peftType + " is not supported (only LORA)");
        }
        unsupported(file, c, "use_dora", n -> n.asBoolean(false));
        unsupported(file, c, "modules_to_save", n -> !n.isNull() && !n.isMissingNode() && !n.isEmpty());
        unsupported(file, c, "layers_to_transform", n -> !n.isNull() && !n.isMissingNode());
        unsupported(file, c, "rank_pattern", n -> n.isObject() && !n.isEmpty());
        unsupported(file, c, "alpha_pattern", n -> n.isObject() && !n.isEmpty());
        String bias = c.path("bias").asText("none");
        if (!bias.equals("none")) {
            throw new IllegalArgumentException(file + ": bias \"" + bias + "\" is not supported (only \"none\")");
        }
        JsonNode t = c.path("target_modules");
        List<String> list = new ArrayList<>();
        Pattern regex = null;
        if (t.isTextual()) {
            if (t.asText().equals("all-linear")) {
                throw new IllegalArgumentException(file + ": target_modules \"all-linear\" must be expanded (PEFT saves the expanded list)");
            }
            regex = Pattern.compile(t.asText());
        } else if (t.isArray()) {
            t.forEach(x -> list.add(x.asText()));
        } else {
            throw new IllegalArgumentException(file + ": target_modules must be a list or a regex string");
        }
        int r = c.path("r").asInt(0);
        if (r <= 0) {
            throw new IllegalArgumentException(file + ": r must be a positive integer");
        }
        return new LoraConfig(r, c.path("lora_alpha").asDouble(r), c.path("lora_dropout").asDouble(0), List.copyOf(list), regex,
                c.path("use_rslora").asBoolean(false), c.path("fan_in_fan_out").asBoolean(false), bias);
    }

    private static void unsupported(Path file, JsonNode c, String key, Predicate<JsonNode> set) {
        if (set.test(c.path(key))) {
            throw new IllegalArgumentException(file + ": " + key + " is set, which this engine does not support");
        }
    }
}
