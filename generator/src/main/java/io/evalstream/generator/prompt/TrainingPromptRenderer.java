package io.evalstream.generator.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.generator.engine.tokenizer.ChatTemplate;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.schemas.SpiderExample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders Spider training examples for supervised fine-tuning with a model folder's tokenizer
 * files only (tokenizer.json, tokenizer_config.json, and generation_config.json / config.json for
 * the end-of-sequence ids; no weights). The prompt is {@link SpiderPrompt}'s, the very text the
 * generator evaluates with. The completion is what the model must write after it:
 * <ul>
 *   <li>With a chat template: the conversation is rendered once more with the gold SQL as the
 *   assistant's turn; the completion is what follows the prompt, up to and including the first
 *   end-of-sequence token the generator stops at (Llama 3: {@code SQL<|eot_id|>}; Qwen:
 *   {@code SQL<|im_end|>}). A template that ends the answer with no such token is refused: the
 *   evaluated model would never stop.</li>
 *   <li>Without one (plain text ending in "SQL:"): the gold SQL and the tokenizer's end-of-sequence
 *   token, else the generator's default stop string (a blank line). Whether the SQL starts with a
 *   space follows the tokenizer: the completion is written so that its tokens, encoded apart (as
 *   the fine-tuning recipe does), are the tokens of "prompt SQL" encoded whole.</li>
 * </ul>
 */
public final class TrainingPromptRenderer implements AutoCloseable {

    /** Ends a plain-text completion when the tokenizer has no end-of-sequence token: {@code LlmOptions}' default stop string. */
    public static final String PLAIN_STOP = "\n\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path modelDir;
    private final TextTokenizer tokenizer;
    private final String chatTemplateSha256;
    private final List<String> endOfSequence;

    private TrainingPromptRenderer(Path modelDir, TextTokenizer tokenizer, String chatTemplateSha256, List<String> endOfSequence) {
        this.modelDir = modelDir;
        this.tokenizer = tokenizer;
        this.chatTemplateSha256 = chatTemplateSha256;
        this.endOfSequence = endOfSequence;
    }

    /** Reads the tokenizer files of a Hugging Face model folder. */
    public static TrainingPromptRenderer open(Path modelDir) throws IOException {
        if (!Files.isRegularFile(modelDir.resolve("tokenizer.json"))) {
            throw new IOException(modelDir + " has no tokenizer.json: --model must be the base model's Hugging Face folder "
                    + "(only its tokenizer.json and tokenizer_config.json are read)");
        }
        TextTokenizer tokenizer = TextTokenizer.load(modelDir, configEos(modelDir));
        List<String> eos = new ArrayList<>();
        if (tokenizer.eosToken() != null && !tokenizer.eosToken().isEmpty()) {
            eos.add(tokenizer.eosToken());
        }
        for (int id : tokenizer.eosIds()) {
            String text = tokenizer.tokenText(id);
            if (!text.isEmpty() && !eos.contains(text)) {
                eos.add(text);
            }
        }
        return new TrainingPromptRenderer(modelDir, tokenizer, chatTemplateSha256(modelDir), List.copyOf(eos));
    }

    public Path modelDir() {
        return modelDir;
    }

    /** Whether prompts go through the model's chat template (else they are plain text). */
    public boolean chat() {
        return tokenizer.chatTemplate() != null;
    }

    /** SHA-256 of the chat template's text as tokenizer_config.json holds it; null without a template. */
    public String chatTemplateSha256() {
        return chatTemplateSha256;
    }

    /** Texts of the end-of-sequence tokens the generator stops at, tokenizer_config.json's eos_token first. */
    public List<String> endOfSequence() {
        return endOfSequence;
    }

    /**
     * @param shots the few-shot examples of {@link SpiderPrompt.Style#FEW_SHOT} (three, none of them the example itself)
     * @param what  names the example in errors
     */
    public TrainingPrompt render(SpiderExample example, List<SpiderExample> shots, SpiderPrompt.Style style, String what) {
        ChatTemplate chat = tokenizer.chatTemplate();
        RenderedPrompt prompt = SpiderPrompt.render(example.getTables(), example.getQuestion(), shots, style, chat, what);
        String gold = example.getQuery().strip();
        if (gold.isEmpty()) {
            throw new IllegalArgumentException(what + " has an empty gold query: there is nothing to train on");
        }
        return new TrainingPrompt(prompt, chat == null ? plainCompletion(prompt, gold, what) : chatCompletion(prompt, example, shots, style, gold, what));
    }

    private String chatCompletion(RenderedPrompt prompt, SpiderExample example, List<SpiderExample> shots, SpiderPrompt.Style style,
                                  String gold, String what) {
        List<ChatTemplate.Message> conversation = new ArrayList<>(SpiderPrompt.messages(style == SpiderPrompt.Style.FEW_SHOT ? shots : List.of(),
                SpiderPrompt.block(SchemaText.render(example.getTables()), example.getQuestion())));
        conversation.add(new ChatTemplate.Message("assistant", gold));
        String full = tokenizer.chatTemplate().render(conversation, false);
        String text = prompt.text();
        if (!full.startsWith(text)) {
            int at = 0;
            while (at < Math.min(full.length(), text.length()) && full.charAt(at) == text.charAt(at)) {
                at++;
            }
            throw new IllegalArgumentException(what + ": the chat template of " + modelDir + " renders the conversation with the answer so that "
                    + "the prompt is not its beginning (they part at character " + at + ": the prompt has " + excerpt(text, at)
                    + ", the conversation " + excerpt(full, at) + "); no completion can be cut from it. Use a model whose template "
                    + "renders earlier turns the same way whether or not an answer follows");
        }
        String after = full.substring(text.length());
        int answer = after.indexOf(gold);
        if (answer < 0) {
            throw new IllegalArgumentException(what + ": the chat template of " + modelDir + " does not write the gold SQL verbatim after the prompt "
                    + "(it writes " + excerpt(after, 0) + "); no completion can be cut from it");
        }
        int end = -1;
        String endText = null;
        for (String eos : endOfSequence) {
            int at = after.indexOf(eos, answer + gold.length());
            if (at >= 0 && (end < 0 || at < end)) {
                end = at;
                endText = eos;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException(what + ": after the answer the chat template of " + modelDir + " writes "
                    + excerpt(after, answer + gold.length()) + ", which holds none of the end-of-sequence tokens the generator stops at "
                    + endOfSequence + " (from tokenizer_config.json, generation_config.json and config.json): a model trained on it would "
                    + "never stop. Point --model at the model folder whose generation_config.json lists the end-of-turn token "
                    + "(e.g. Llama 3's <|eot_id|>, id 128009)");
        }
        return after.substring(0, end + endText.length());
    }

    /**
     * The plain prompt ends in "SQL:"; whether the SQL's first token carries the space depends on
     * the tokenizer (byte-level BPE: " SELECT" is one token; SentencePiece prepends its own space
     * marker to every text it encodes), so the completion is the form whose tokens, encoded apart,
     * are those of the whole text.
     */
    private String plainCompletion(RenderedPrompt prompt, String gold, String what) {
        String end = endOfSequence.isEmpty() ? PLAIN_STOP : endOfSequence.get(0);
        int[] whole = tokenizer.encodeRaw(prompt.text() + " " + gold + end);
        int[] promptIds = tokenizer.encodeRaw(prompt.text());
        for (String completion : List.of(" " + gold + end, gold + end)) {
            int[] completionIds = tokenizer.encodeRaw(completion);
            int[] joined = Arrays.copyOf(promptIds, promptIds.length + completionIds.length);
            System.arraycopy(completionIds, 0, joined, promptIds.length, completionIds.length);
            if (Arrays.equals(whole, joined)) {
                return completion;
            }
        }
        throw new IllegalArgumentException(what + ": with the tokenizer of " + modelDir + " the plain-text prompt and its SQL merge into "
                + "tokens across their boundary, so they cannot be encoded apart as fine-tuning does; use a model with a chat template");
    }

    private static String excerpt(String s, int from) {
        String part = s.substring(Math.min(from, s.length()), Math.min(s.length(), from + 40));
        return "\"" + part.replace("\n", "\\n") + (from + 40 < s.length() ? "..." : "") + "\"";
    }

    /** End-of-sequence ids of config.json, which the engine also stops at; a tokenizer-only folder has none. */
    private static List<Integer> configEos(Path modelDir) throws IOException {
        Path config = modelDir.resolve("config.json");
        List<Integer> ids = new ArrayList<>();
        if (Files.isRegularFile(config)) {
            JsonNode e = JSON.readTree(config.toFile()).path("eos_token_id");
            if (e.isArray()) {
                e.forEach(x -> ids.add(x.asInt()));
            } else if (e.isNumber()) {
                ids.add(e.asInt());
            }
        }
        return ids;
    }

    /**
     * Of the template text as tokenizer_config.json holds it (the fine-tuning recipe compares this
     * hash with the base model it trains): its {@code chat_template} string, else the "default" of
     * a list of named templates, else chat_template.jinja, the order {@link TextTokenizer} reads them in.
     */
    private static String chatTemplateSha256(Path modelDir) throws IOException {
        String source = TextTokenizer.chatTemplateSource(modelDir);
        if (source == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
