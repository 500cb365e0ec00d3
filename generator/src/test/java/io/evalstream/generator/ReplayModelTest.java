package io.evalstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay files are read as their benchmark's output type says: generated text raw, choice letters stripped or keyed. */
class ReplayModelTest {

    @TempDir
    Path dir;

    private static EvalItem item(Benchmark benchmark, String id, int index) {
        return EvalItem.newBuilder().setRunId("r").setBenchmark(benchmark).setItemId(id).setIndex(index).setGroup("g")
                .setQuestion("q").setGold("x").build();
    }

    private List<String> answers(ReplayModel model, EvalItem... items) {
        return model.answer(Arrays.stream(items).map(i -> new Model.Request("m", i)).toList())
                .stream().map(ModelAnswer::output).toList();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void generatedTextIsKeptAsWrittenAndLettersAreStripped() throws IOException {
        Path sql = write("spider.sql", "SELECT 1\n  SELECT\t'a'  \n");
        Path letters = write("mmlu.txt", " B \nC\n");
        ReplayModel model = ReplayModel.load("m", sql, letters);
        assertEquals(List.of("SELECT 1", "  SELECT\t'a'  ", "B", "C"),
                answers(model, item(Benchmark.SPIDER, "s0", 0), item(Benchmark.SPIDER, "s1", 1),
                        item(Benchmark.MMLU, "m0", 0), item(Benchmark.MMLU, "m1", 1)));
        assertEquals(sql + "," + letters, model.identity("m").source());
    }

    @Test
    void lettersMayBeKeyedByItemId() throws IOException {
        ReplayModel model = ReplayModel.load("m", null, write("mmlu.tsv", "m1\tD\nm0\tA\n"));
        assertEquals(List.of("A", "D"), answers(model, item(Benchmark.MMLU, "m0", 5), item(Benchmark.MMLU, "m1", 9)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> answers(model, item(Benchmark.MMLU, "m2", 0)));
        assertTrue(e.getMessage().contains("has no line for item m2"), e.getMessage());
    }

    @Test
    void mixedLetterFormsAreRefused() throws IOException {
        Path file = write("mmlu.txt", "A\nm1\tB\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayModel.load("m", null, file));
        assertTrue(e.getMessage().startsWith(file + ": mixes"), e.getMessage());
    }

    @Test
    void itemsWithoutTheirFileOrLineAreErrorsNamingThem() throws IOException {
        ReplayModel model = ReplayModel.load("m", write("spider.sql", "SELECT 1\n"), null);
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class, () -> answers(model, item(Benchmark.MMLU, "m0", 0)));
        assertEquals("no predictions file for MMLU (item m0)", noFile.getMessage());
        IllegalArgumentException noLine = assertThrows(IllegalArgumentException.class, () -> answers(model, item(Benchmark.SPIDER, "s3", 3)));
        assertTrue(noLine.getMessage().contains("has 1 lines; item s3 needs line 4"), noLine.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> answers(model, item(Benchmark.UNKNOWN, "u0", 0)));
        assertTrue(unknown.getMessage().contains("UNKNOWN"), unknown.getMessage());
    }
}
