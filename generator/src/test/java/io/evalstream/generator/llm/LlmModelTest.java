package io.evalstream.generator.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evalstream.generator.engine.Fixtures;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.Model;
import io.evalstream.generator.ModelAnswer;
import io.evalstream.generator.ModelIdentity;
import io.evalstream.generator.prompt.MmluPrompt;
import io.evalstream.generator.prompt.SpiderPrompt;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluExample;
import io.evalstream.schemas.MmluPayload;
import io.evalstream.schemas.SchemaColumn;
import io.evalstream.schemas.SchemaTable;
import io.evalstream.schemas.SpiderExample;
import io.evalstream.schemas.SpiderPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LlmModelTest {

    static List<SchemaTable> singers() {
        return List.of(new SchemaTable("singer", List.of(new SchemaColumn("singer_id", "number", true), new SchemaColumn("name", "text", false),
                new SchemaColumn("age", "number", false)), List.of()),
                new SchemaTable("concert", List.of(new SchemaColumn("concert_id", "number", true), new SchemaColumn("singer_id", "number", false)),
                        List.of("singer_id = singer.singer_id")));
    }

    static EvalItem spider(String id, String question) {
        List<SpiderExample> shots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shots.add(new SpiderExample("concert_singer", "How many singers are older than " + (20 + i) + "?",
                    "SELECT count(*) FROM singer WHERE age > " + (20 + i), singers()));
        }
        return EvalItem.newBuilder().setRunId("r").setBenchmark(Benchmark.SPIDER).setItemId(id).setGroup("concert_singer")
                .setQuestion(question).setGold("SELECT 1").setSpider(new SpiderPayload("concert_singer", singers(), shots)).build();
    }

    static EvalItem mmlu(String id, List<MmluExample> shots) {
        return EvalItem.newBuilder().setRunId("r").setBenchmark(Benchmark.MMLU).setItemId(id).setGroup("astronomy").setCategory("STEM")
                .setQuestion("Which planet is known as the red planet?").setGold("C")
                .setMmlu(new MmluPayload("astronomy", List.of("Venus", "Earth", "Mars", "Jupiter"), shots)).build();
    }

    /** The fixture's MMLU prompt is this prompt with no examples; its letter log-probs must come out of the Model seam. */
    @ParameterizedTest
    @ValueSource(strings = {"mistral", "qwen2", "phi"})
    void mmluThroughTheModelSeamMatchesTheReference(String arch) throws Exception {
        JsonNode ref = Fixtures.reference(arch);
        try (LlmModel model = LlmModel.load(Fixtures.base(arch), "base", Fixtures.adapters(arch), LlmOptions.defaults())) {
            assertEquals(List.of("base", "attn", "mlp"), model.modelIds());
            List<Model.Request> requests = new ArrayList<>();
            for (String id : model.modelIds()) {
                requests.add(new Model.Request(id, mmlu("mmlu-astronomy-0", List.of())));
            }
            List<ModelAnswer> answers = model.answer(requests);
            for (int i = 0; i < 3; i++) {
                String variant = List.of("base", "attn", "mlp").get(i);
                JsonNode m = ref.path("variants").path(variant).path("mmlu");
                assertEquals(m.path("text").asText(), MmluPrompt.render(mmlu("x", List.of())).text());
                ModelAnswer a = answers.get(i);
                assertEquals(m.path("choice").asText(), a.output(), variant);
                for (int k = 0; k < 4; k++) {
                    assertEquals(m.path("logprobs").get(k).asDouble(), a.choiceLogprobs().get(k), 1e-4);
                }
                assertEquals(MmluPrompt.TEMPLATE, a.promptTemplate());
                assertEquals(64, a.promptSha256().length());
                assertEquals(m.path("ids").size(), a.tokensIn());
            }
        }
    }

    @Test
    void spiderAndMmluForBaseAndAdaptersInOneCall() throws Exception {
        List<MmluExample> shots = List.of(new MmluExample("What is 2 + 3?", List.of("4", "5", "6", "7"), "B"),
                new MmluExample("What is 1 + 1?", List.of("2", "3", "4", "5"), "A"));
        try (LlmModel model = LlmModel.load(Fixtures.base("llama3"), "base", Fixtures.adapters("llama3"),
                LlmOptions.defaults().withMaxNewTokens(12).withBatchSize(3))) {
            List<Model.Request> requests = new ArrayList<>();
            for (String id : model.modelIds()) {
                requests.add(new Model.Request(id, spider("spider-dev-0", "How many singers are there?")));
                requests.add(new Model.Request(id, mmlu("mmlu-astronomy-0", shots)));
                requests.add(new Model.Request(id, spider("spider-dev-1", "List the names of all singers.")));
            }
            List<ModelAnswer> answers = model.answer(requests);
            assertEquals(requests.size(), answers.size());
            for (int i = 0; i < answers.size(); i++) {
                ModelAnswer a = answers.get(i);
                if (i % 3 == 1) {
                    assertTrue(List.of("A", "B", "C", "D").contains(a.output()));
                    assertEquals(4, a.choiceLogprobs().size());
                } else {
                    assertNotNull(a.output());
                    assertNull(a.choiceLogprobs());
                    assertEquals(SpiderPrompt.FEW_SHOT, a.promptTemplate());
                    assertTrue(a.tokensOut() >= 0 && a.tokensOut() <= 12);
                    assertTrue(a.tokensIn() > 100);
                }
            }
            // deterministic: the same requests again (now with every prefix cached, so computed in other batch shapes) give the
            // same answers; the letters' log-probabilities agree to float32 rounding
            List<ModelAnswer> again = model.answer(requests);
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(answers.get(i).output(), again.get(i).output(), "answer " + i);
                assertEquals(answers.get(i).promptSha256(), again.get(i).promptSha256());
                if (answers.get(i).choiceLogprobs() != null) {
                    for (int k = 0; k < 4; k++) {
                        assertEquals(answers.get(i).choiceLogprobs().get(k), again.get(i).choiceLogprobs().get(k), 1e-5, "log-probability " + k);
                    }
                }
            }
            assertTrue(model.engine().prefixCache().hits() > 0);

            ModelIdentity base = model.identity("base");
            ModelIdentity attn = model.identity("attn");
            assertEquals("llm", base.kind());
            assertEquals(64, base.sha256().length());
            assertNull(base.adapterSha256());
            assertEquals(base.sha256(), attn.sha256());
            assertNotEquals(attn.adapterSha256(), model.identity("mlp").adapterSha256());
            assertThrows(IllegalArgumentException.class, () -> model.answer(List.of(new Model.Request("nope", spider("x", "q")))));
        }
    }

    @Test
    void anAdapterOfAnotherBaseIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmEngine.load(Fixtures.base("llama3"),
                Map.of("phi-attn", Fixtures.root().resolve("phi/adapter_attn")), 0));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class, () -> LlmEngine.load(Fixtures.base("mistral"),
                Map.of("llama-attn", Fixtures.root().resolve("llama3/adapter_attn")), 0));
        System.out.println(shapes.getMessage());
        assertTrue(shapes.getMessage().contains("different base model"), shapes.getMessage());
    }

    @Test
    void zeroShotPromptsCarryNoExamples() {
        assertFalse(SpiderPrompt.render(spider("x", "q?"), SpiderPrompt.Style.ZERO_SHOT, null).text().contains("older than"));
    }
}
