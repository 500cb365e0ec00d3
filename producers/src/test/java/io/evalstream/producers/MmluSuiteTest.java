package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmluSuiteTest {
    private static Path data;
    private static List<EvalItem> suite;

    /** Per test, not @BeforeAll, so that without data every test is reported as skipped with the reason. */
    @BeforeEach
    void buildDefaultSuiteOnce() {
        data = TestData.mmlu();
        if (suite == null) {
            suite = MmluSuite.build(data, "run-1", MmluSuiteOptions.defaults(42));
        }
    }

    @Test
    void exactlyFiftyPerCategoryInCategoryOrder() {
        assertEquals(150, suite.size());
        assertEquals(Map.of("STEM", 50L, "humanities", 50L, "social_sciences", 50L),
                suite.stream().collect(Collectors.groupingBy(EvalItem::getCategory, Collectors.counting())));
        assertEquals("STEM", suite.get(0).getCategory());
        assertEquals("humanities", suite.get(50).getCategory());
        assertEquals("social_sciences", suite.get(149).getCategory());
        assertEquals(150, suite.stream().map(EvalItem::getItemId).distinct().count());
    }

    @Test
    void everyItemIsConsistentWithItsSourceRow() {
        for (int i = 0; i < suite.size(); i++) {
            EvalItem item = suite.get(i);
            String subject = item.getGroup();
            assertEquals(i, item.getIndex());
            assertEquals(Benchmark.MMLU, item.getBenchmark());
            assertEquals(MmluCategory.ofSubject(subject).label(), item.getCategory());
            assertEquals(subject, item.getMmlu().getSubject());
            assertNull(item.getSpider());
            assertNull(item.getUnscorableReason());
            assertTrue(item.getItemId().matches("mmlu-" + subject + "-test-\\d{4}"), item.getItemId());
            MmluQuestion source = MmluSubjectFile.read(data, subject, "test")
                    .get(Integer.parseInt(item.getItemId().substring(item.getItemId().length() - 4)));
            assertEquals(source.question(), item.getQuestion());
            assertEquals(source.choices(), item.getMmlu().getChoices());
            assertEquals(source.answer(), item.getGold());
        }
    }

    @Test
    void fewShotIsTheFirstFourDevRowsOfTheSubject() {
        EvalItem item = suite.get(0);
        List<MmluQuestion> dev = MmluSubjectFile.read(data, item.getGroup(), "dev");

        List<MmluExample> expected = dev.subList(0, 4).stream()
                .map(row -> new MmluExample(row.question(), row.choices(), row.answer())).toList();
        assertEquals(expected, item.getMmlu().getFewShot());
    }

    @Test
    void sameSeedSameSuiteOtherSeedOtherSuite() {
        assertEquals(suite, MmluSuite.build(data, "run-1", MmluSuiteOptions.defaults(42)));
        assertNotEquals(ids(suite), ids(MmluSuite.build(data, "run-1", MmluSuiteOptions.defaults(43))));
    }

    @Test
    void theDrawIsPinned() {
        // Guards the documented algorithm: a change to sorting or to the Fisher-Yates draw shows here.
        // The values were also computed by an independent Python re-implementation of java.util.Random.
        assertEquals(List.of("mmlu-astronomy-test-0013", "mmlu-college_computer_science-test-0007",
                        "mmlu-conceptual_physics-test-0009"),
                ids(suite).subList(0, 3));
    }

    @Test
    void subjectUnderTheWrongCategoryIsRefused() {
        Map<MmluCategory, List<String>> subjects = new EnumMap<>(MmluSuiteOptions.defaults(1).subjects());
        subjects.put(MmluCategory.STEM, List.of("astronomy", "formal_logic"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MmluSuite.build(data, "r", new MmluSuiteOptions(subjects, 50, 1, 4)));

        assertTrue(e.getMessage().contains("'formal_logic' is listed under STEM but the MMLU mapping puts it in humanities"),
                e.getMessage());
    }

    @Test
    void unknownSubjectIsNamedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MmluSuite.build(data, "r",
                new MmluSuiteOptions(Map.of(MmluCategory.STEM, List.of("astrology")), 5, 1, 4)));

        assertTrue(e.getMessage().contains("unknown MMLU subject 'astrology' (listed under STEM)"), e.getMessage());
        assertTrue(e.getMessage().contains("Valid subjects: abstract_algebra"), e.getMessage());
    }

    @Test
    void tooFewCandidatesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MmluSuite.build(data, "r",
                new MmluSuiteOptions(Map.of(MmluCategory.STEM, List.of("college_physics")), 150, 1, 4)));

        assertTrue(e.getMessage().contains("STEM has 102 test questions in its subjects [college_physics], fewer than the 150"),
                e.getMessage());
    }

    @Test
    void subjectWithoutFilesNamesTheFileAndWhereToGetMmlu(@TempDir Path empty) throws IOException {
        Files.createDirectories(empty.resolve("mmlu/test"));

        MissingDataException e = assertThrows(MissingDataException.class, () -> MmluSuite.build(empty, "r",
                new MmluSuiteOptions(Map.of(MmluCategory.OTHER, List.of("virology", "anatomy")), 1, 1, 4)));

        assertTrue(e.getMessage().contains("mmlu/test/anatomy_test.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("hendrycks"), e.getMessage());
    }

    private static List<String> ids(List<EvalItem> items) {
        return items.stream().map(EvalItem::getItemId).toList();
    }
}
