package io.evalstream.cli.sft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.evalstream.generator.Model;
import io.evalstream.generator.ModelAnswer;
import io.evalstream.generator.llm.LlmModel;
import io.evalstream.generator.llm.LlmOptions;
import io.evalstream.generator.prompt.SpiderPrompt;
import io.evalstream.producers.SpiderDataset;
import io.evalstream.producers.SpiderOptions;
import io.evalstream.schemas.EvalItem;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adapter is trained on the prompt it is evaluated with: for the same schema and question, the
 * prompt hash the generator records in a prediction (LlmModel rendering an item that the producers'
 * Spider reader built) is the export's prompt_sha256, in both styles.
 */
class SftPromptHashTest {

    @Test
    void theGeneratorRecordsTheExportedPromptHashForTheSameSchemaAndQuestion(@TempDir Path dir) throws Exception {
        Path data = SftFixtures.spiderData();
        Path fixture = SftFixtures.llama3Fixture();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        SftExport.run(new SftExportOptions(data, fixture.resolve("base"), SpiderPrompt.Style.ZERO_SHOT, 8, 99,
                SftExportOptions.DEFAULT_FEW_SHOT_TRAIN_IDS, dir.resolve("zero"), false), quiet);
        SftExport.run(new SftExportOptions(data, fixture.resolve("base"), SpiderPrompt.Style.FEW_SHOT, 8, 99,
                SftExportOptions.DEFAULT_FEW_SHOT_TRAIN_IDS, dir.resolve("few"), false), quiet);
        List<JsonNode> zero = SftFixtures.records(dir.resolve("zero/train.jsonl"));
        List<JsonNode> few = SftFixtures.records(dir.resolve("few/train.jsonl"));
        assertEquals(ids(zero), ids(few), "one seed, one selection");

        // the exported examples as the dev split of a data folder, so the producers' reader builds their items
        Path evalData = Files.createDirectories(dir.resolve("eval-data/spider"));
        Files.copy(data.resolve("spider/tables.json"), evalData.resolve("tables.json"));
        Files.copy(data.resolve("spider/train_spider.reduced.json"), evalData.resolve("train_spider.reduced.json"));
        ArrayNode dev = SftFixtures.JSON.createArrayNode();
        JsonNode trainFile = SftFixtures.JSON.readTree(data.resolve("spider/train_spider.reduced.json").toFile());
        for (JsonNode r : zero) {
            dev.add(trainFile.get(index(r)));
        }
        Files.writeString(evalData.resolve("dev.json"), dev.toString());
        List<EvalItem> items = SpiderDataset.read(dir.resolve("eval-data"), "hash-run", new SpiderOptions("dev", 0, List.of(0, 1, 2)));
        assertEquals(zero.size(), items.size());

        LlmOptions options = LlmOptions.defaults().withMaxNewTokens(1).withSpiderStyles(Map.of("lora", SpiderPrompt.Style.ZERO_SHOT));
        try (LlmModel model = LlmModel.load(fixture.resolve("base"), "base", Map.of("lora", fixture.resolve("adapter_attn")), options)) {
            List<Model.Request> requests = new ArrayList<>();
            for (EvalItem item : items) {
                requests.add(new Model.Request("lora", item));
                requests.add(new Model.Request("base", item));
            }
            List<ModelAnswer> answers = model.answer(requests);
            int fewShotCompared = 0;
            for (int i = 0; i < items.size(); i++) {
                EvalItem item = items.get(i);
                assertEquals(zero.get(i).get("question").asText(), item.getQuestion());
                ModelAnswer adapter = answers.get(2 * i);
                assertEquals(SpiderPrompt.ZERO_SHOT, adapter.promptTemplate());
                assertEquals(zero.get(i).get("prompt_sha256").asText(), adapter.promptSha256(), zero.get(i).get("id").asText());
                // few-shot: the same shots, unless the example is one of train 0..2 (it then gets another in its own place)
                if (index(few.get(i)) > 2) {
                    ModelAnswer base = answers.get(2 * i + 1);
                    assertEquals(SpiderPrompt.FEW_SHOT, base.promptTemplate());
                    assertEquals(few.get(i).get("prompt_sha256").asText(), base.promptSha256(), few.get(i).get("id").asText());
                    fewShotCompared++;
                }
            }
            assertTrue(fewShotCompared > 0);
        }
    }

    private static int index(JsonNode record) {
        return Integer.parseInt(record.get("id").asText().substring("spider-train-".length()));
    }

    private static List<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.get("id").asText()).toList();
    }
}
