package io.evalstream.metrics.predictions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.spider.SpiderItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one predictions reader: every refusal names the file and the line, before anything is scored. */
class PredictionsFilesTest {
    private static final List<SpiderItem> ITEMS = List.of(
            new SpiderItem(0, "concert_singer", "q0", "SELECT 0"),
            new SpiderItem(1, "concert_singer", "q1", "SELECT 1"),
            new SpiderItem(2, "pets_1", "q2", "SELECT 2"));

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.write(dir.resolve("p.sql"), text.getBytes(StandardCharsets.UTF_8));
    }

    private Path writeBytes(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("p.sql"), bytes);
    }

    private static PredictionsFileException refused(Path file) {
        return assertThrows(PredictionsFileException.class, () -> SpiderPredictionsFile.read(file, ITEMS));
    }

    @Test
    void linesEndAtEachKindOfLineBreakAndAFinalBreakAddsNone() throws IOException {
        assertEquals(List.of("SELECT a", "", "SELECT\tc"), SpiderPredictionsFile.read(write("SELECT a\r\n\rSELECT\tc\n"), ITEMS));
        assertEquals(List.of(" SELECT a ", "x", "y"), SpiderPredictionsFile.read(write(" SELECT a \nx\ny"), ITEMS));
    }

    @Test
    void theDbIdColumnIsCheckedAndRemoved() throws IOException {
        assertEquals(List.of("SELECT a", "SELECT\tb", ""), SpiderPredictionsFile.read(
                write("SELECT a\tconcert_singer\nSELECT\tb\tconcert_singer\n\tpets_1\n"), ITEMS));
        PredictionsFileException shifted = refused(write("SELECT a\tconcert_singer\nSELECT b\tpets_1\nSELECT c\tpets_1\n"));
        assertEquals(2, shifted.line());
        assertTrue(shifted.getMessage().contains("p.sql:2: db_id 'pets_1' but dev.json item 1 is on 'concert_singer'"), shifted.getMessage());
        PredictionsFileException mixed = refused(write("SELECT a\tconcert_singer\nSELECT b\nSELECT c\tpets_1\n"));
        assertEquals(2, mixed.line(), mixed.getMessage());
    }

    @Test
    void aWrongLineCountNamesTheFirstMissingOrExtraLine() throws IOException {
        PredictionsFileException shortFile = refused(write("a\nb\n"));
        assertEquals(3, shortFile.line());
        assertTrue(shortFile.getMessage().contains("2 lines but the dev set has 3 items") && shortFile.getMessage().contains("missing"),
                shortFile.getMessage());
        PredictionsFileException longFile = refused(write("a\nb\nc\nd\n"));
        assertEquals(4, longFile.line());
        assertTrue(longFile.getMessage().contains("extra"), longFile.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithLineAndColumn() throws IOException {
        PredictionsFileException e = refused(writeBytes(new byte[] {'a', '\n', 'b', 'c', (byte) 0xC3, '(', '\n', 'd'}));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("p.sql:2: not UTF-8: byte 0xC3 at column 3"), e.getMessage());
        PredictionsFileException cr = refused(writeBytes(new byte[] {'a', '\r', 'b', '\r', (byte) 0xFF}));
        assertEquals(3, cr.line(), cr.getMessage());
    }

    @Test
    void aNulByteIsRefusedNotCutAt() throws IOException {
        PredictionsFileException e = refused(write("a\nSELECT 1\u0000; DROP TABLE singer\nc\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("a NUL byte at column 9"), e.getMessage());
    }

    @Test
    void anEmptyFileOrOneOfBlankLinesIsRefused() throws IOException {
        assertEquals(0, refused(writeBytes(new byte[0])).line());
        assertTrue(refused(write("\n \n\t\n")).getMessage().contains("no prediction"));
    }

    @Test
    void letterFilesAlignedOrKeyedById() throws IOException {
        List<String> ids = List.of("m0", "m1");
        assertEquals(Map.of("m0", "B", "m1", "C"), LetterPredictionsFile.read(write(" B \nC\n"), ids));
        assertEquals(Map.of("m0", "A", "m1", "D"), LetterPredictionsFile.read(write("m1\tD\nm0\tA\n"), ids));
        PredictionsFileException count = assertThrows(PredictionsFileException.class, () -> LetterPredictionsFile.read(write("A\nB\nC\n"), ids));
        assertEquals(3, count.line(), count.getMessage());
        PredictionsFileException mixed = assertThrows(PredictionsFileException.class, () -> LetterPredictionsFile.read(write("m0\tA\nB\n"), ids));
        assertEquals(2, mixed.line(), mixed.getMessage());
        PredictionsFileException unknown = assertThrows(PredictionsFileException.class, () -> LetterPredictionsFile.read(write("m0\tA\nm7\tB\n"), ids));
        assertTrue(unknown.getMessage().contains("p.sql:2: item 'm7' is not in this run's suite"), unknown.getMessage());
        PredictionsFileException twice = assertThrows(PredictionsFileException.class, () -> LetterPredictionsFile.read(write("m0\tA\nm0\tB\n"), ids));
        assertTrue(twice.getMessage().contains("already has an answer on line 1"), twice.getMessage());
        PredictionsFileException missing = assertThrows(PredictionsFileException.class, () -> LetterPredictionsFile.read(write("m0\tA\n"), ids));
        assertTrue(missing.getMessage().contains("no line for item 'm1'"), missing.getMessage());
        PredictionsFileException binary = assertThrows(PredictionsFileException.class,
                () -> LetterPredictionsFile.read(writeBytes(new byte[] {'A', '\n', (byte) 0x80}), ids));
        assertEquals(2, binary.line(), binary.getMessage());
    }
}
