package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** score-file refuses a bad predictions file with exit code 2 and the file and line named, before scoring anything. */
class ScoreFileCommandTest {

    private record Result(int code, String out, String err) {
    }

    private static Result scoreFile(Path predictions, String... more) {
        CommandLine cli = EvalStream.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("score-file", "--data", TestData.dataDir().toString(), "--predictions", predictions.toString()));
        args.addAll(List.of(more));
        int code = cli.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private static String dbIdOf(String goldLine) {
        return goldLine.substring(goldLine.lastIndexOf('\t') + 1);
    }

    private static List<String> goldLines() throws Exception {
        return Files.readAllLines(TestData.dataDir().resolve("spider/dev_gold.sql"));
    }

    @Test
    void theGoldFileScoresEveryScorableItem(@TempDir Path temp) throws Exception {
        Result r = scoreFile(TestData.dataDir().resolve("spider/dev_gold.sql"), "--out", temp.resolve("v.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("all          972      972    100.0%"), r.out());
        assertEquals(1034, Files.readAllLines(temp.resolve("v.jsonl")).size());
    }

    @Test
    void aShiftedGoldFormatFileIsExitCodeTwoNamingTheFirstMismatchingLine(@TempDir Path temp) throws Exception {
        // shifted by one line: line i holds item i + 1, which is caught where the database changes
        List<String> gold = goldLines();
        List<String> shifted = new ArrayList<>(gold.subList(1, gold.size()));
        shifted.add(gold.get(0));
        int firstMismatch = 1;
        while (gold.get(firstMismatch - 1).endsWith("\t" + dbIdOf(gold.get(firstMismatch)))) {
            firstMismatch++;
        }
        Path file = Files.write(temp.resolve("shifted.sql"), shifted);
        Result r = scoreFile(file);
        assertEquals(2, r.code());
        assertTrue(firstMismatch > 1 && r.err().contains(file + ":" + firstMismatch + ": db_id"), firstMismatch + " " + r.err());
        assertTrue(r.out().isEmpty(), "nothing scored: " + r.out());
    }

    @Test
    void aWrongLineCountIsExitCodeTwo(@TempDir Path temp) throws Exception {
        Path file = Files.write(temp.resolve("short.sql"), goldLines().subList(0, 1033));
        Result r = scoreFile(file);
        assertEquals(2, r.code());
        assertTrue(r.err().contains(file + ":1034: the file has 1033 lines but the dev set has 1034 items"), r.err());
    }

    @Test
    void bytesThatAreNotUtf8AreExitCodeTwoWithTheLine(@TempDir Path temp) throws Exception {
        List<String> gold = goldLines();
        StringBuilder text = new StringBuilder();
        gold.forEach(l -> text.append(l).append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        int third = text.indexOf("\n", text.indexOf("\n", text.indexOf("\n") + 1) + 1) + 1; // start of line 4
        bytes[third + 2] = (byte) 0xFF;
        Path file = Files.write(temp.resolve("latin.sql"), bytes);
        Result r = scoreFile(file);
        assertEquals(2, r.code());
        assertTrue(r.err().contains(file + ":4: not UTF-8: byte 0xFF at column 3"), r.err());
    }

    @Test
    void aNulByteIsExitCodeTwoWithTheLine(@TempDir Path temp) throws Exception {
        List<String> gold = new ArrayList<>(goldLines());
        gold.set(6, "SELECT count(*) FROM singer\u0000; DROP TABLE singer\tconcert_singer");
        Path file = Files.write(temp.resolve("nul.sql"), gold);
        Result r = scoreFile(file);
        assertEquals(2, r.code());
        assertTrue(r.err().contains(file + ":7: a NUL byte at column 28"), r.err());
    }

    @Test
    void anEmptyFileIsExitCodeTwo(@TempDir Path temp) throws Exception {
        Path file = Files.write(temp.resolve("empty.sql"), new byte[0]);
        Result r = scoreFile(file);
        assertEquals(2, r.code());
        assertTrue(r.err().contains(file + ": the file is empty"), r.err());
    }
}
