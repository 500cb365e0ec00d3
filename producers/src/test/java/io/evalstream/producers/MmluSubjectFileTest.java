package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmluSubjectFileTest {
    @TempDir
    Path data;

    @Test
    void everySubjectAndSplitOfTheRealDataParsesWithTheManifestRowCounts() {
        Path real = TestData.mmlu();
        int test = 0;
        int dev = 0;
        int val = 0;
        for (String subject : MmluCategory.subjects()) {
            test += MmluSubjectFile.read(real, subject, "test").size();
            List<MmluQuestion> devRows = MmluSubjectFile.read(real, subject, "dev");
            assertEquals(5, devRows.size(), subject + " dev");
            dev += devRows.size();
            val += MmluSubjectFile.read(real, subject, "val").size();
        }
        // totals of shared/data/mmlu/MANIFEST.md
        assertEquals(14042, test);
        assertEquals(285, dev);
        assertEquals(1531, val);
    }

    @Test
    void readsQuestionChoicesAndAnswerOfEachRow() {
        Path real = TestData.mmlu();
        List<MmluQuestion> astronomy = MmluSubjectFile.read(real, "astronomy", "dev");

        MmluQuestion first = astronomy.get(0);
        assertTrue(first.question().startsWith("You are pushing a truck along a road."), first.question());
        assertEquals("It would be harder since the truck is heavier on Mars.", first.choices().get(0));
        assertEquals("It would be the same no matter where you are.", first.choices().get(3));
        assertEquals("D", first.answer());
        assertEquals(0, first.row());
        assertEquals(1, first.line());
    }

    @Test
    void wrongColumnCountNamesFileLineAndWhatWasExpected() throws IOException {
        Path file = write("test", "anatomy", "\"Q1\nspans two lines\",a,b,c,d,A\nQ2,a,b,c,B\n");

        DataFormatException e = assertThrows(DataFormatException.class, () -> MmluSubjectFile.read(data, "anatomy", "test"));

        assertEquals(file, e.file());
        assertEquals(3, e.line());
        assertEquals(file + ":3: row 1: expected 6 columns (question, A, B, C, D, answer) but found 5", e.getMessage());
    }

    @Test
    void answerOutsideAToDNamesFileLineAndTheValue() throws IOException {
        Path file = write("dev", "anatomy", "Q1,a,b,c,d,A\nQ2,a,b,c,d,E\n");

        DataFormatException e = assertThrows(DataFormatException.class, () -> MmluSubjectFile.read(data, "anatomy", "dev"));

        assertEquals(file + ":2: row 1: expected the answer column to be one of A, B, C, D but found 'E'", e.getMessage());
    }

    @Test
    void keepsTextThatPandasWouldTurnIntoNaN() throws IOException {
        write("test", "anatomy", "Which?,None,NA,nan,\"\",C\n");

        MmluQuestion row = MmluSubjectFile.read(data, "anatomy", "test").get(0);

        assertEquals(List.of("None", "NA", "nan", ""), row.choices());
    }

    @Test
    void missingFileNamesItAndSaysWhereToGetMmlu() {
        MissingDataException e = assertThrows(MissingDataException.class, () -> MmluSubjectFile.read(data, "anatomy", "test"));

        assertEquals(MmluSubjectFile.path(data, "anatomy", "test"), e.file());
        assertTrue(e.getMessage().contains("anatomy_test.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("Hendrycks"), e.getMessage());
    }

    private Path write(String split, String subject, String content) throws IOException {
        Path file = MmluSubjectFile.path(data, subject, split);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
