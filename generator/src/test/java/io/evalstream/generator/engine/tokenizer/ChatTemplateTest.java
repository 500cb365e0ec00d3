package io.evalstream.generator.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.generator.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chat templates render byte for byte as transformers renders them (expected.json, made by
 * scripts/make_fixtures.py): the real Llama 3 and Qwen3 templates from the shared tokenizer files,
 * and a Mistral Instruct template kept in the fixtures.
 */
class ChatTemplateTest {

    static Path fixtures() throws Exception {
        return Path.of(ChatTemplateTest.class.getResource("/fixtures/chat_templates").toURI());
    }

    static Path sharedTokenizers() {
        return TestData.tokenizers();
    }

    static String template(String name) throws Exception {
        if (name.equals("mistral.jinja")) {
            return Files.readString(fixtures().resolve("mistral.jinja"));
        }
        Path shared = sharedTokenizers();
        String dir = name.replace(".jinja", "");
        if (shared == null || !Files.exists(shared.resolve(dir).resolve("tokenizer_config.json"))) {
            return null;
        }
        return new ObjectMapper().readTree(shared.resolve(dir).resolve("tokenizer_config.json").toFile()).path("chat_template").asText();
    }

    @Test
    void rendersLikeTransformers() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(fixtures().resolve("expected.json").toFile());
        int checked = 0;
        for (JsonNode c : expected.path("cases")) {
            String source = template(c.path("template").asText());
            if (source == null) {
                System.out.println("skipping " + c.path("template").asText() + ": shared tokenizers not found (set EVALSTREAM_TOKENIZERS)");
                continue;
            }
            ChatTemplate t = new ChatTemplate(source, c.path("bos_token").asText(), c.path("eos_token").asText());
            List<ChatTemplate.Message> messages = new ArrayList<>();
            for (JsonNode m : c.path("messages")) {
                messages.add(new ChatTemplate.Message(m.path("role").asText(), m.path("content").asText()));
            }
            assertEquals(c.path("rendered").asText(), t.render(messages, c.path("add_generation_prompt").asBoolean()),
                    c.path("template").asText() + " " + c.path("messages"));
            checked++;
        }
        assumeTrue(checked > 0, "no template could be checked");
        System.out.println("chat template cases checked byte for byte: " + checked);
    }

    @Test
    void raiseExceptionFailsTheRender() throws Exception {
        ChatTemplate t = new ChatTemplate(Files.readString(fixtures().resolve("mistral.jinja")), "<s>", "</s>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.render(List.of(new ChatTemplate.Message("assistant", "x")), true));
        System.out.println(e.getMessage());
    }
}
