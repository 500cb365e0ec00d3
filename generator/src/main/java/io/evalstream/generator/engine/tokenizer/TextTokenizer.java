package io.evalstream.generator.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model folder's tokenizer.json (Hugging Face tokenizers through DJL, truncation off) with what
 * tokenizer_config.json and generation_config.json say about special tokens and the chat template.
 */
public final class TextTokenizer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final String bosToken;
    private final String eosToken;
    private final Integer bosId;
    private final boolean addBosToken;
    private final Set<Integer> eosIds;
    private final ChatTemplate chatTemplate;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, String bosToken, String eosToken, Integer bosId, boolean addBosToken,
                          Set<Integer> eosIds, ChatTemplate chatTemplate) {
        this.tokenizer = tokenizer;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.bosId = bosId;
        this.addBosToken = addBosToken;
        this.eosIds = eosIds;
        this.chatTemplate = chatTemplate;
    }

    /**
     * @param extraEos end-of-sequence ids from config.json, added to those of generation_config.json and tokenizer_config.json
     */
    public static TextTokenizer load(Path dir, List<Integer> extraEos) throws IOException {
        Path json = dir.resolve("tokenizer.json");
        if (!Files.exists(json)) {
            throw new IOException(dir + ": no tokenizer.json (slow sentencepiece-only tokenizers are not supported; save a fast tokenizer)");
        }
        HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder()
                .optTokenizerPath(json)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build();
        JsonNode cfg = Files.exists(dir.resolve("tokenizer_config.json")) ? JSON.readTree(dir.resolve("tokenizer_config.json").toFile())
                : JSON.createObjectNode();
        String bos = tokenText(cfg.path("bos_token"));
        String eos = tokenText(cfg.path("eos_token"));
        Integer bosId = bos == null ? null : singleId(tok, bos);
        Set<Integer> eosIds = new LinkedHashSet<>(extraEos);
        Path gen = dir.resolve("generation_config.json");
        if (Files.exists(gen)) {
            JsonNode e = JSON.readTree(gen.toFile()).path("eos_token_id");
            if (e.isArray()) {
                e.forEach(x -> eosIds.add(x.asInt()));
            } else if (e.isNumber()) {
                eosIds.add(e.asInt());
            }
        }
        if (eos != null && singleId(tok, eos) != null) {
            eosIds.add(singleId(tok, eos));
        }
        ChatTemplate template = null;
        String source = chatTemplateSource(dir, cfg);
        if (source != null) {
            template = new ChatTemplate(source, bos == null ? "" : bos, eos == null ? "" : eos);
        }
        return new TextTokenizer(tok, bos, eos, bosId, cfg.path("add_bos_token").asBoolean(false), eosIds, template);
    }

    /**
     * The model's chat template as Hugging Face finds it: {@code chat_template} of
     * tokenizer_config.json (a string, or the one named "default" of a list), else
     * chat_template.jinja; null when the model has none.
     */
    public static String chatTemplateSource(Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        return chatTemplateSource(dir, Files.isRegularFile(config) ? JSON.readTree(config.toFile()) : JSON.createObjectNode());
    }

    private static String chatTemplateSource(Path dir, JsonNode tokenizerConfig) throws IOException {
        JsonNode t = tokenizerConfig.path("chat_template");
        String source = null;
        if (t.isTextual()) {
            source = t.asText();
        } else if (t.isArray()) {
            for (JsonNode n : t) {
                if (n.path("name").asText().equals("default")) {
                    source = n.path("template").asText();
                }
            }
        }
        if (source == null && Files.isRegularFile(dir.resolve("chat_template.jinja"))) {
            source = Files.readString(dir.resolve("chat_template.jinja"));
        }
        return source;
    }

    private static String tokenText(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isObject() && n.path("content").isTextual()) {
            return n.path("content").asText();
        }
        return null;
    }

    private static Integer singleId(HuggingFaceTokenizer tok, String token) {
        long[] ids = tok.encode(token, false, false).getIds();
        return ids.length == 1 ? (int) ids[0] : null;
    }

    /** Token ids of text exactly as the tokenizer splits it, with no special tokens added. */
    public int[] encodeRaw(String text) {
        return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(l -> (int) l).toArray();
    }

    /**
     * Token ids for a prompt. A chat-rendered prompt already carries its special tokens; plain text
     * gets the tokenizer's post-processor and, where tokenizer_config.json asks, a leading BOS.
     */
    public int[] encodePrompt(String text, boolean chatRendered) {
        if (chatRendered) {
            return encodeRaw(text);
        }
        long[] ids = tokenizer.encode(text, true, false).getIds();
        List<Integer> out = new ArrayList<>();
        if (addBosToken && bosId != null && (ids.length == 0 || ids[0] != bosId)) {
            out.add(bosId);
        }
        for (long id : ids) {
            out.add((int) id);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public String decode(int[] ids) {
        return tokenizer.decode(Arrays.stream(ids).mapToLong(i -> i).toArray(), true);
    }

    private final Map<String, BitSet> triggerSets = new ConcurrentHashMap<>();

    /**
     * The ids below {@code vocabSize} whose text contains one of {@code chars}, or is empty or part of
     * a multi-byte character (decodes to U+FFFD): the tokens on which a stop string made of those
     * characters can complete. Decoded once per set of characters, in one batch.
     */
    public BitSet tokensContainingAny(String chars, int vocabSize) {
        return triggerSets.computeIfAbsent(chars, c -> {
            long[][] single = new long[vocabSize][];
            for (int i = 0; i < vocabSize; i++) {
                single[i] = new long[] {i};
            }
            String[] texts = tokenizer.batchDecode(single, true);
            BitSet out = new BitSet(vocabSize);
            for (int i = 0; i < vocabSize; i++) {
                String t = texts[i];
                boolean hit = t.isEmpty() || t.indexOf('\uFFFD') >= 0;
                for (int k = 0; !hit && k < c.length(); k++) {
                    hit = t.indexOf(c.charAt(k)) >= 0;
                }
                if (hit) {
                    out.set(i);
                }
            }
            return out;
        });
    }

    /** The text of one token id, special tokens included (e.g. "<|eot_id|>" for an end-of-sequence id). */
    public String tokenText(int id) {
        return tokenizer.decode(new long[] {id}, false);
    }

    /** The id of the last token of {@code text} (e.g. " A"), for choice scoring. */
    public int lastTokenOf(String text) {
        int[] ids = encodeRaw(text);
        if (ids.length == 0) {
            throw new IllegalArgumentException("\"" + text + "\" encodes to no tokens");
        }
        return ids[ids.length - 1];
    }

    public Set<Integer> eosIds() {
        return eosIds;
    }

    public String bosToken() {
        return bosToken;
    }

    public String eosToken() {
        return eosToken;
    }

    public ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
