package io.evalstream.generator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The parts of a Hugging Face config.json that the forward pass needs. */
public record TransformerConfig(Architecture architecture, int vocabSize, int hidden, int intermediate, int layers,
                          int heads, int kvHeads, int headDim, double normEps, String hiddenAct, RopeConfig rope,
                          boolean tieEmbeddings, boolean qkvBias, boolean oBias, boolean mlpBias,
                          Integer bosTokenId, List<Integer> eosTokenIds, int maxPositions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public int groups() {
        return heads / kvHeads;
    }

    /** Phi uses LayerNorm with biases, a parallel attention/MLP block and biased projections. */
    public boolean isPhi() {
        return architecture == Architecture.PHI;
    }

    public static TransformerConfig read(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.exists(file)) {
            throw new IOException(dir + ": no config.json (is this a Hugging Face model folder?)");
        }
        return parse(JSON.readTree(file.toFile()), file.toString());
    }

    public static TransformerConfig parse(JsonNode c, String where) {
        JsonNode archs = c.path("architectures");
        if (!archs.isArray() || archs.isEmpty()) {
            throw new IllegalArgumentException(where + ": no \"architectures\"");
        }
        Architecture arch = Architecture.fromHf(archs.get(0).asText(), where);
        int hidden = required(c, "hidden_size", where);
        int heads = required(c, "num_attention_heads", where);
        int kvHeads = c.path("num_key_value_heads").isInt() ? c.get("num_key_value_heads").asInt() : heads;
        int headDim = c.path("head_dim").isInt() ? c.get("head_dim").asInt() : hidden / heads;
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(where + ": num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        JsonNode rp = c.path("rope_parameters");
        JsonNode scaling = c.path("rope_scaling");
        double theta = rp.path("rope_theta").asDouble(c.path("rope_theta").asDouble(10000.0));
        JsonNode s = rp.isObject() ? rp : scaling;
        String type = s.isObject() ? s.path("rope_type").asText(s.path("type").asText("default")) : "default";
        double partial = c.path("partial_rotary_factor").asDouble(rp.path("partial_rotary_factor").asDouble(1.0));
        RopeConfig rope = new RopeConfig(theta, type, s.path("factor").asDouble(1.0), s.path("low_freq_factor").asDouble(1.0),
                s.path("high_freq_factor").asDouble(4.0), s.path("original_max_position_embeddings").asInt(8192),
                (int) (headDim * partial));
        rope.inverseFrequencies(); // fails early on an unsupported rope type
        boolean phi = arch == Architecture.PHI;
        boolean attnBias = c.path("attention_bias").asBoolean(false);
        boolean qkvBias = phi || arch == Architecture.QWEN2 || attnBias;
        boolean oBias = phi || attnBias;
        boolean mlpBias = phi || c.path("mlp_bias").asBoolean(false);
        String act = c.path("hidden_act").asText(c.path("hidden_activation").asText("silu"));
        double eps = phi ? c.path("layer_norm_eps").asDouble(1e-5) : c.path("rms_norm_eps").asDouble(1e-6);
        List<Integer> eos = new ArrayList<>();
        JsonNode e = c.path("eos_token_id");
        if (e.isArray()) {
            e.forEach(x -> eos.add(x.asInt()));
        } else if (e.isNumber()) {
            eos.add(e.asInt());
        }
        Integer bos = c.path("bos_token_id").isNumber() ? c.get("bos_token_id").asInt() : null;
        boolean tie = c.path("tie_word_embeddings").asBoolean(false);
        return new TransformerConfig(arch, required(c, "vocab_size", where), hidden, required(c, "intermediate_size", where),
                required(c, "num_hidden_layers", where), heads, kvHeads, headDim, eps, act, rope, tie, qkvBias, oBias,
                mlpBias, bos, List.copyOf(eos), c.path("max_position_embeddings").asInt(4096));
    }

    private static int required(JsonNode c, String key, String where) {
        JsonNode n = c.path(key);
        if (!n.isNumber()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" is missing or not a number");
        }
        return n.asInt();
    }
}
