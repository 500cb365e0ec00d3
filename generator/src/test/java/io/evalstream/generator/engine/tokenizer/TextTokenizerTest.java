package io.evalstream.generator.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.generator.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    @Test
    void encodesLikeHuggingFaceTokenizers() throws Exception {
        Path fixtures = Path.of(getClass().getResource("/fixtures").toURI());
        JsonNode expected = new ObjectMapper().readTree(fixtures.resolve("tokenizer/expected.json").toFile());
        try (TextTokenizer tok = TextTokenizer.load(fixtures.resolve("llama3/base"), List.of())) {
            for (JsonNode c : expected.path("cases")) {
                int[] want = new int[c.path("ids").size()];
                for (int i = 0; i < want.length; i++) {
                    want[i] = c.path("ids").get(i).asInt();
                }
                assertArrayEquals(want, tok.encodeRaw(c.path("text").asText()), c.path("text").asText());
                assertEquals(c.path("decoded").asText(), tok.decode(want));
            }
            assertEquals(2, tok.eosIds().iterator().next()); // <|eot_id|> from config.json
        }
    }

    @Test
    void realLlama3TokenizerDoesNotTruncate() throws Exception {
        try (TextTokenizer tok = TextTokenizer.load(TestData.tokenizer("llama3"), List.of())) {
            String text = "SELECT name FROM singer WHERE age > 20; ".repeat(200);
            int[] ids = tok.encodePrompt(text, false);
            assertTrue(ids.length > 1000, "no truncation at 512: " + ids.length);
            // this copy's post-processor is plain ByteLevel and its tokenizer_config sets no add_bos_token: no BOS, as in transformers
            assertArrayEquals(tok.encodeRaw(text), ids);
            assertEquals("<|begin_of_text|>", tok.bosToken());
            assertEquals(tok.encodeRaw(" A").length, 1);
            assertEquals(" A", tok.decode(tok.encodeRaw(" A")));
        }
    }

    @Test
    void realLlama2TokenizerGetsExactlyOneBos() throws Exception {
        try (TextTokenizer tok = TextTokenizer.load(TestData.tokenizer("llama2"), List.of())) {
            int[] ids = tok.encodePrompt("SELECT name FROM singer", false);
            assertEquals(1, ids[0], "<s> (add_bos_token in tokenizer_config.json)");
            assertTrue(ids[1] != 1, "one BOS, not two");
            assertEquals("SELECT name FROM singer", tok.decode(ids));
            assertTrue(tok.eosIds().contains(2));
        }
    }
}
