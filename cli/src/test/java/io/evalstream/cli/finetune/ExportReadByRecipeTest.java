package io.evalstream.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.cli.sft.SftExport;
import io.evalstream.cli.sft.SftExportOptions;
import io.evalstream.generator.prompt.SpiderPrompt;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interface between the two halves, without torch: what `evalstream export-sft` writes is what
 * scripts/finetune.py reads (its --check reads the records, verifies every prompt_sha256 and checks
 * the manifest's count and template against them).
 */
class ExportReadByRecipeTest {

    @Test
    void theRecipeAcceptsTheExportInBothStyles(@TempDir Path dir) throws Exception {
        PythonScript.assumePython();
        Path base = PythonScript.root().resolve("generator/src/test/resources/fixtures/llama3/base");
        assumeTrue(Files.isDirectory(base), "needs the generator's fixture model " + base + " (made by scripts/make_fixtures.py)");
        Path data = Files.createDirectories(dir.resolve("data/spider"));
        Files.writeString(data.resolve("tables.json"), """
                [{"db_id": "shop", "table_names_original": ["product"], "column_names_original": [[-1, "*"], [0, "id"], [0, "name"]],
                  "column_types": ["text", "number", "text"], "primary_keys": [1], "foreign_keys": []},
                 {"db_id": "zoo", "table_names_original": ["animal"], "column_names_original": [[-1, "*"], [0, "id"], [0, "name"]],
                  "column_types": ["text", "number", "text"], "primary_keys": [1], "foreign_keys": []}]""");
        Files.writeString(data.resolve("dev.json"), "[{\"db_id\": \"zoo\", \"question\": \"Name every animal.\", \"query\": \"SELECT name FROM animal\"}]");
        StringBuilder train = new StringBuilder("[");
        for (int i = 0; i < 9; i++) {
            train.append(i == 0 ? "" : ",").append("{\"db_id\": \"shop\", \"question\": \"What is product ").append(i)
                    .append(" called? \\u00e9\", \"query\": \"SELECT name FROM product WHERE id = ").append(i).append("\"}");
        }
        Files.writeString(data.resolve("train_spider.reduced.json"), train.append("]").toString());

        for (SpiderPrompt.Style style : SpiderPrompt.Style.values()) {
            Path out = dir.resolve(style.name());
            SftExport.Result exported = SftExport.run(new SftExportOptions(dir.resolve("data"), base, style, 0, 3,
                    SftExportOptions.DEFAULT_FEW_SHOT_TRAIN_IDS, out, false), new PrintStream(OutputStream.nullOutputStream()));

            PythonScript.Result r = PythonScript.run(List.of("scripts/finetune.py", "experiments/finetune/lora-r16-lr2e-4-ep1.json", "--check",
                    "--data", out.resolve("train.jsonl").toString(), "--base-model", base.toString()));

            assertEquals(0, r.exitCode(), r.output());
            String template = style == SpiderPrompt.Style.FEW_SHOT ? SpiderPrompt.FEW_SHOT : SpiderPrompt.ZERO_SHOT;
            assertTrue(r.stdout().contains("9 records, template " + template + ", sha256 " + exported.dataSha256()
                    + ", manifest " + out.resolve("manifest.json")), r.output());
        }
    }
}
