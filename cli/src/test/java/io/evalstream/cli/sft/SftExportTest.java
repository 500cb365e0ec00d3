package io.evalstream.cli.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evalstream.cli.EvalStream;
import io.evalstream.generator.prompt.SpiderPrompt;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The export on a synthetic data folder (leakage guard, manifest, shuffle, few-shot shots) and
 * on the real Spider train split. The fixture's tiny Llama 3 folder supplies the tokenizer and
 * chat template.
 */
class SftExportTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    static List<String[]> questions(String db, int n, String prefix) {
        List<String[]> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new String[] {db, prefix + " " + i + "?"});
        }
        return items;
    }

    static Path cleanData(Path dir) throws Exception {
        List<String[]> train = new ArrayList<>(questions("shop", 12, "Which product is number"));
        train.addAll(questions("school", 8, "Which pupil is number"));
        train.add(new String[] {"school", "How many rows are there?"});
        return SftFixtures.syntheticSpider(dir, List.of("shop", "school", "zoo"),
                List.of(new String[] {"zoo", "How many  ROWS are there?"}, new String[] {"zoo", "Name the oldest animal."}), train);
    }

    static SftExportOptions options(Path data, Path out, SpiderPrompt.Style style, int limit, long seed, boolean allow) {
        return new SftExportOptions(data, SftFixtures.llama3Fixture().resolve("base"), style, limit, seed,
                SftExportOptions.DEFAULT_FEW_SHOT_TRAIN_IDS, out, allow);
    }

    @Test
    void writesRecordsTheFineTuningRecipeReadsAndAManifestThatDescribesThem(@TempDir Path dir) throws Exception {
        Path data = cleanData(dir.resolve("data"));
        Path out = dir.resolve("out");

        SftExport.Result result = SftExport.run(options(data, out, SpiderPrompt.Style.ZERO_SHOT, 0, 7, false), QUIET);

        List<JsonNode> records = SftFixtures.records(out.resolve("train.jsonl"));
        assertEquals(21, result.count());
        assertEquals(21, records.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode r : records) {
            assertTrue(ids.add(r.get("id").asText()), "ids are unique");
            assertEquals(sha256(r.get("prompt").asText().getBytes(StandardCharsets.UTF_8)), r.get("prompt_sha256").asText());
            assertEquals(SpiderPrompt.ZERO_SHOT, r.get("template").asText());
            assertTrue(r.get("chat_rendered").asBoolean());
            assertTrue(r.get("prompt").asText().endsWith("Question: " + r.get("question").asText()
                    + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"));
            int index = Integer.parseInt(r.get("id").asText().substring("spider-train-".length()));
            assertEquals("SELECT name FROM thing WHERE id = " + index + "<|eot_id|>", r.get("completion").asText(), "the gold SQL of that example");
        }
        JsonNode m = SftFixtures.manifest(out);
        assertEquals(sha256(Files.readAllBytes(out.resolve("train.jsonl"))), m.get("data_sha256").asText());
        assertEquals(result.dataSha256(), m.get("data_sha256").asText());
        assertEquals(21, m.get("count").asInt());
        assertEquals(SpiderPrompt.ZERO_SHOT, m.get("template").asText());
        assertEquals("zero_shot", m.get("style").asText());
        assertEquals(7, m.get("seed").asLong());
        assertTrue(m.get("limit").isNull());
        String template = SftFixtures.JSON.readTree(SftFixtures.llama3Fixture().resolve("base/tokenizer_config.json").toFile())
                .get("chat_template").asText();
        assertEquals(sha256(template.getBytes(StandardCharsets.UTF_8)), m.get("chat_template_sha256").asText(),
                "what scripts/sft/runtime.py computes for the base model it trains");
        assertEquals(sha256(Files.readAllBytes(data.resolve("spider/train_spider.reduced.json"))), m.at("/source/train_sha256").asText());
        JsonNode leakage = m.get("leakage");
        assertEquals(2, leakage.get("train_databases").asInt());
        assertEquals(0, leakage.get("dev_databases_in_train").size());
        assertFalse(leakage.get("dev_databases_allowed").asBoolean());
        assertEquals(1, leakage.at("/questions_in_dev/count").asInt());
        assertEquals("How many rows are there?", leakage.at("/questions_in_dev/questions/0/question").asText());
        assertEquals("spider-train-0020", leakage.at("/questions_in_dev/questions/0/train_ids/0").asText());
        assertEquals("spider-dev-0000", leakage.at("/questions_in_dev/questions/0/dev_ids/0").asText());
        assertFalse(Files.exists(out.resolve("train.jsonl.partial")));
    }

    @Test
    void theOrderIsSeededAndTheLimitTakesItsHead(@TempDir Path dir) throws Exception {
        Path data = cleanData(dir.resolve("data"));
        SftExport.run(options(data, dir.resolve("a"), SpiderPrompt.Style.ZERO_SHOT, 0, 7, false), QUIET);
        SftExport.run(options(data, dir.resolve("b"), SpiderPrompt.Style.ZERO_SHOT, 0, 7, false), QUIET);
        SftExport.run(options(data, dir.resolve("c"), SpiderPrompt.Style.ZERO_SHOT, 0, 8, false), QUIET);
        SftExport.run(options(data, dir.resolve("d"), SpiderPrompt.Style.ZERO_SHOT, 5, 7, false), QUIET);

        assertArrayEquals(Files.readAllBytes(dir.resolve("a/train.jsonl")), Files.readAllBytes(dir.resolve("b/train.jsonl")), "reproducible");
        List<String> a = ids(dir.resolve("a"));
        List<String> c = ids(dir.resolve("c"));
        assertNotEquals(a, c, "another seed, another order");
        assertEquals(new HashSet<>(a), new HashSet<>(c));
        assertNotEquals(a.stream().sorted().toList(), a, "shuffled, not in file order");
        assertEquals(a.subList(0, 5), ids(dir.resolve("d")));
        assertEquals(5, SftFixtures.manifest(dir.resolve("d")).get("limit").asInt());
    }

    @Test
    void aFewShotExampleIsNeverAmongItsOwnShots(@TempDir Path dir) throws Exception {
        Path data = cleanData(dir.resolve("data"));
        Path out = dir.resolve("out");
        SftExport.run(options(data, out, SpiderPrompt.Style.FEW_SHOT, 0, 7, false), QUIET);

        for (JsonNode r : SftFixtures.records(out.resolve("train.jsonl"))) {
            String id = r.get("id").asText();
            List<String> shots = new ArrayList<>();
            r.get("few_shot_ids").forEach(s -> shots.add(s.asText()));
            assertEquals(3, shots.size());
            assertFalse(shots.contains(id), id + " among its own shots " + shots);
            List<String> expected = switch (id) {
                case "spider-train-0000" -> List.of("spider-train-0001", "spider-train-0002", "spider-train-0003");
                case "spider-train-0001" -> List.of("spider-train-0000", "spider-train-0002", "spider-train-0003");
                case "spider-train-0002" -> List.of("spider-train-0000", "spider-train-0001", "spider-train-0003");
                default -> List.of("spider-train-0000", "spider-train-0001", "spider-train-0002");
            };
            assertEquals(expected, shots, id);
            assertEquals(SpiderPrompt.FEW_SHOT, r.get("template").asText());
            // the shots' answers are in the prompt as assistant turns; the example's own answer is not
            assertFalse(r.get("prompt").asText().contains(r.get("completion").asText()), id);
        }
        assertEquals("[0,1,2]", SftFixtures.manifest(out).get("few_shot_train_ids").toString());
    }

    @Test
    void aDevDatabaseIsRefusedUnlessAllowedAndThenRecorded(@TempDir Path dir) throws Exception {
        List<String[]> train = new ArrayList<>(questions("shop", 4, "Which product is number"));
        train.addAll(questions("zoo", 3, "Which animal is number"));
        Path data = SftFixtures.syntheticSpider(dir.resolve("data"), List.of("shop", "zoo"),
                List.<String[]>of(new String[] {"zoo", "Name the oldest animal."}), train);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SftExport.run(options(data, dir.resolve("refused"), SpiderPrompt.Style.ZERO_SHOT, 0, 7, false), QUIET));
        assertTrue(refused.getMessage().contains("{zoo=3}") && refused.getMessage().contains("--allow-dev-databases"), refused.getMessage());
        assertFalse(Files.exists(dir.resolve("refused/train.jsonl")), "nothing written");

        Path out = dir.resolve("allowed");
        SftExport.run(options(data, out, SpiderPrompt.Style.ZERO_SHOT, 0, 7, true), QUIET);
        JsonNode leakage = SftFixtures.manifest(out).get("leakage");
        assertTrue(leakage.get("dev_databases_allowed").asBoolean());
        assertEquals(3, leakage.at("/dev_databases_in_train/zoo").asInt());
        assertEquals(7, SftFixtures.records(out.resolve("train.jsonl")).size());
    }

    @Test
    void theCommandExitsWithTwoAndAClearLineWhenRefusedAndZeroWhenAllowed(@TempDir Path dir) throws Exception {
        Path data = SftFixtures.syntheticSpider(dir.resolve("data"), List.of("zoo"),
                List.<String[]>of(new String[] {"zoo", "Name the oldest animal."}), questions("zoo", 2, "Which animal is number"));
        String model = SftFixtures.llama3Fixture().resolve("base").toString();

        StringWriter err = new StringWriter();
        CommandLine cli = EvalStream.commandLine();
        cli.setErr(new PrintWriter(err));
        int refused = cli.execute("export-sft", "--data", data.toString(), "--model", model, "--style", "zero_shot", "--out", dir.resolve("a").toString());
        assertEquals(2, refused);
        assertTrue(err.toString().startsWith("evalstream: the training set holds dev databases"), err.toString());

        CommandLine twoShots = EvalStream.commandLine();
        twoShots.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, twoShots.execute("export-sft", "--data", data.toString(), "--model", model, "--style", "few_shot",
                "--few-shot-train-ids", "1,0", "--allow-dev-databases", "--out", dir.resolve("b").toString()),
                "two shot ids are refused: the template has three");
        assertEquals(0, EvalStream.commandLine().execute("export-sft", "--data", data.toString(), "--model", model, "--style", "zero_shot",
                "--allow-dev-databases", "--out", dir.resolve("c").toString()));
        assertEquals(2, SftFixtures.records(dir.resolve("c/train.jsonl")).size());

        StringWriter styleErr = new StringWriter();
        CommandLine bad = EvalStream.commandLine();
        bad.setErr(new PrintWriter(styleErr));
        assertEquals(2, bad.execute("export-sft", "--data", data.toString(), "--model", model, "--style", "three_shot"));
        assertTrue(styleErr.toString().contains("--style is 'three_shot'; allowed: zero_shot, few_shot"), styleErr.toString());
    }

    @Test
    void exportsTheRealTrainSplitWithoutDevDatabasesAndListsItsSixDevQuestions(@TempDir Path dir) throws Exception {
        Path data = SftFixtures.spiderData();
        Path out = dir.resolve("out");

        SftExport.Result result = SftExport.run(options(data, out, SpiderPrompt.Style.ZERO_SHOT, 0, 1234, false), QUIET);

        assertEquals(7000, result.count());
        List<JsonNode> records = SftFixtures.records(out.resolve("train.jsonl"));
        assertEquals(7000, new HashSet<>(records.stream().map(r -> r.get("id").asText()).toList()).size());
        JsonNode leakage = SftFixtures.manifest(out).get("leakage");
        assertEquals(140, leakage.get("train_databases").asInt());
        assertEquals(20, leakage.get("dev_databases").asInt());
        assertEquals(0, leakage.get("dev_databases_in_train").size(), "Spider's splits share no database");
        assertEquals(6, leakage.at("/questions_in_dev/count").asInt());
        JsonNode first = records.stream().filter(r -> r.get("id").asText().equals("spider-train-0000")).findFirst().orElseThrow();
        assertEquals("SELECT count(*) FROM head WHERE age  >  56<|eot_id|>", first.get("completion").asText());
        assertTrue(first.get("prompt").asText().contains("CREATE TABLE department (\n  Department_ID number,"), "schema text from tables.json");
    }

    private static List<String> ids(Path out) throws Exception {
        return SftFixtures.records(out.resolve("train.jsonl")).stream().map(r -> r.get("id").asText()).toList();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
