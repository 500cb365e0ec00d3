package io.evalstream.generator.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.generator.TestData;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.SchemaColumn;
import io.evalstream.schemas.SchemaTable;
import io.evalstream.schemas.SpiderExample;
import io.evalstream.schemas.SpiderPayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training prompts are the generator's evaluation prompts, byte for byte, and their completions
 * end where generation stops: checked with the fixture model's tokenizer and, where the shared
 * tokenizer folder is present, with the real Llama 3, Qwen3 and Llama 2 tokenizers.
 */
class TrainingPromptRendererTest {

    static final List<SchemaTable> SINGERS = List.of(new SchemaTable("singer",
            List.of(new SchemaColumn("singer_id", "number", true), new SchemaColumn("name", "text", false)), List.of()));
    static final SpiderExample EXAMPLE = new SpiderExample("concert_singer", "List the names of all singers.", "SELECT name FROM singer ", SINGERS);

    static List<SpiderExample> shots() {
        List<SpiderExample> shots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shots.add(new SpiderExample("concert_singer", "Which singer has id " + i + "?", "SELECT name FROM singer WHERE singer_id = " + i, SINGERS));
        }
        return shots;
    }

    /** The item the producers would build for the same question, schema and shots. */
    static EvalItem item(SpiderExample e, List<SpiderExample> shots) {
        return EvalItem.newBuilder().setRunId("r").setBenchmark(Benchmark.SPIDER).setItemId("spider-dev-0000").setGroup(e.getDbId())
                .setQuestion(e.getQuestion()).setGold(e.getQuery()).setSpider(new SpiderPayload(e.getDbId(), e.getTables(), shots)).build();
    }

    static Path fixtureBase() throws Exception {
        return Path.of(TrainingPromptRendererTest.class.getResource("/fixtures/llama3/base").toURI());
    }

    static Path sharedTokenizer(String name) {
        return TestData.tokenizer(name);
    }

    @Test
    void aChatPromptIsTheGeneratorsAndItsCompletionEndsAtTheEndOfTurnToken() throws Exception {
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(fixtureBase());
             TextTokenizer tokenizer = TextTokenizer.load(fixtureBase(), List.of())) {
            for (SpiderPrompt.Style style : SpiderPrompt.Style.values()) {
                TrainingPrompt t = renderer.render(EXAMPLE, shots(), style, "example 0");
                RenderedPrompt generator = SpiderPrompt.render(item(EXAMPLE, shots()), style, tokenizer.chatTemplate());
                assertEquals(generator.text(), t.prompt().text(), style.name());
                assertEquals(generator.sha256(), t.prompt().sha256());
                assertEquals(generator.template(), t.prompt().template());
                assertTrue(t.prompt().chatRendered());
                // the fixture's (original Llama 3) template ends every rendering with the assistant header: it is cut off
                assertEquals("SELECT name FROM singer<|eot_id|>", t.completion(), style.name());
            }
            assertTrue(renderer.chat());
            assertEquals(List.of("<|eot_id|>"), renderer.endOfSequence());
            String template = new ObjectMapper().readTree(fixtureBase().resolve("tokenizer_config.json").toFile()).path("chat_template").asText();
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8))),
                    renderer.chatTemplateSha256());
        }
    }

    @Test
    void qwen3sCompletionIsWhatItsTemplateWritesForTheAnswerUpToImEnd() throws Exception {
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(sharedTokenizer("qwen3"));
             TextTokenizer tokenizer = TextTokenizer.load(sharedTokenizer("qwen3"), List.of())) {
            TrainingPrompt t = renderer.render(EXAMPLE, shots(), SpiderPrompt.Style.ZERO_SHOT, "example 0");
            assertEquals(SpiderPrompt.render(item(EXAMPLE, shots()), SpiderPrompt.Style.ZERO_SHOT, tokenizer.chatTemplate()).text(),
                    t.prompt().text());
            assertTrue(t.prompt().text().endsWith("<|im_start|>assistant\n"), t.prompt().text());
            // Qwen3 writes the last answer with an empty thinking block, and the generator stops at <|im_end|>
            assertEquals("<think>\n\n</think>\n\nSELECT name FROM singer<|im_end|>", t.completion());
            TrainingPrompt fewShot = renderer.render(EXAMPLE, shots(), SpiderPrompt.Style.FEW_SHOT, "example 0");
            assertTrue(fewShot.completion().endsWith("SELECT name FROM singer<|im_end|>"), fewShot.completion());
        }
    }

    @Test
    void llama3sEndOfTurnMustBeATokenTheGeneratorStopsAt(@TempDir Path dir) throws Exception {
        Path tokenizerOnly = sharedTokenizer("llama3");
        // the tokenizer folder alone names only <|end_of_text|> as EOS: a model trained on it would never stop
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(tokenizerOnly)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> renderer.render(EXAMPLE, shots(), SpiderPrompt.Style.ZERO_SHOT, "example 7"));
            assertTrue(e.getMessage().startsWith("example 7: after the answer") && e.getMessage().contains("<|eot_id|>")
                    && e.getMessage().contains("generation_config.json"), e.getMessage());
        }
        // a model folder lists it in generation_config.json, as Llama 3 Instruct's does
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(tokenizerOnly.resolve(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [128001, 128009]}");
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(dir)) {
            assertEquals(List.of("<|end_of_text|>", "<|eot_id|>"), renderer.endOfSequence());
            TrainingPrompt t = renderer.render(EXAMPLE, shots(), SpiderPrompt.Style.ZERO_SHOT, "example 7");
            assertTrue(t.prompt().text().startsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"));
            assertEquals("SELECT name FROM singer<|eot_id|>", t.completion());
        }
    }

    @Test
    void aPlainTextCompletionTokenizesApartAsTheWholeTextDoes() throws Exception {
        Path llama2 = sharedTokenizer("llama2");
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(llama2); TextTokenizer tokenizer = TextTokenizer.load(llama2, List.of())) {
            assertFalse(renderer.chat());
            assertNull(renderer.chatTemplateSha256());
            TrainingPrompt t = renderer.render(EXAMPLE, shots(), SpiderPrompt.Style.ZERO_SHOT, "example 0");
            assertEquals(SpiderPrompt.render(item(EXAMPLE, shots()), SpiderPrompt.Style.ZERO_SHOT, null).text(), t.prompt().text());
            assertTrue(t.prompt().text().endsWith("\nSQL:"));
            assertFalse(t.prompt().chatRendered());
            // SentencePiece marks the space itself: the completion starts at the SQL and ends with </s>
            assertEquals("SELECT name FROM singer</s>", t.completion());
            int[] whole = tokenizer.encodeRaw(t.prompt().text() + " SELECT name FROM singer</s>");
            int[] prompt = tokenizer.encodeRaw(t.prompt().text());
            int[] completion = tokenizer.encodeRaw(t.completion());
            int[] joined = Arrays.copyOf(prompt, prompt.length + completion.length);
            System.arraycopy(completion, 0, joined, prompt.length, completion.length);
            assertArrayEquals(whole, joined);
            assertEquals(2, completion[completion.length - 1], "</s> is one token, the EOS");
        }
    }

    @Test
    void aTemplateWhoseAnswerDoesNotEndInAStopTokenIsRefused(@TempDir Path dir) throws Exception {
        Path model = withTemplate(dir, "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\\n{% endfor %}"
                + "{% if add_generation_prompt %}assistant:{% endif %}");
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(model)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> renderer.render(EXAMPLE, shots(), SpiderPrompt.Style.ZERO_SHOT, "example 3"));
            assertTrue(e.getMessage().startsWith("example 3: after the answer the chat template of " + model + " writes \"\\n\""), e.getMessage());
        }
    }

    @Test
    void aTemplateWhosePromptIsNotThePrefixOfTheAnsweredConversationIsRefused(@TempDir Path dir) throws Exception {
        Path model = withTemplate(dir, "{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}<|eot_id|>{% endfor %}"
                + "{% if add_generation_prompt %}[reply]{% endif %}");
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(model)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> renderer.render(EXAMPLE, shots(), SpiderPrompt.Style.ZERO_SHOT, "example 3"));
            assertTrue(e.getMessage().startsWith("example 3: the chat template of " + model) && e.getMessage().contains("not its beginning")
                    && e.getMessage().contains("the prompt has \"reply]\", the conversation \"assistant] SELECT"), e.getMessage());
        }
    }

    @Test
    void aFolderWithoutTokenizerJsonIsNamed(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> TrainingPromptRenderer.open(dir));
        assertTrue(e.getMessage().startsWith(dir + " has no tokenizer.json"), e.getMessage());
    }

    private static Path withTemplate(Path dir, String template) throws Exception {
        Files.copy(fixtureBase().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"bos_token\": \"<|begin_of_text|>\", \"eos_token\": \"<|eot_id|>\", \"chat_template\": \"" + template + "\"}");
        return dir;
    }
}
