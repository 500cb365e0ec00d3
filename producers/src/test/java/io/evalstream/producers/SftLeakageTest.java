package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftLeakageTest {

    @Test
    void spidersTrainSplitHoldsNoDevDatabaseAndSixGenericDevQuestions() {
        Path data = TestData.spider();

        SftLeakage leakage = SftLeakage.analyse(data, SpiderTrainSet.read(data));

        assertEquals(140, leakage.trainDatabases());
        assertEquals(20, leakage.devDatabases().size());
        assertEquals(Map.of(), leakage.devDatabasesInTrain());
        assertEquals(6, leakage.questionsInDev().size(), leakage.questionsInDev().toString());
        assertTrue(leakage.questionsInDev().stream().anyMatch(q -> q.question().equals("How many employees are there?")));
        for (SftLeakage.SharedQuestion q : leakage.questionsInDev()) {
            assertTrue(q.trainIds().stream().allMatch(id -> id.startsWith("spider-train-")), q.toString());
            assertTrue(!q.devIds().isEmpty() && q.devIds().stream().allMatch(id -> id.startsWith("spider-dev-")), q.toString());
        }
        assertDoesNotThrow(() -> leakage.requireNoDevDatabases(false, "--allow-dev-databases"));
    }

    @Test
    void aDevDatabaseInTheTrainingSetIsCountedAndRefusedUnlessAllowed(@TempDir Path dir) throws IOException {
        Path data = SyntheticSpider.write(dir, List.of("shop", "school", "zoo"),
                List.of(new SyntheticSpider.Item("zoo", "How many animals are there?"),
                        new SyntheticSpider.Item("zoo", "How many  rows are there?")),
                List.of(new SyntheticSpider.Item("shop", "How many rows are there?"),
                        new SyntheticSpider.Item("school", "how many rows are there?"),
                        new SyntheticSpider.Item("zoo", "Name the oldest animal."),
                        new SyntheticSpider.Item("zoo", "Name the youngest animal."),
                        new SyntheticSpider.Item("shop", "Name every product.")));

        SftLeakage leakage = SftLeakage.analyse(data, SpiderTrainSet.read(data));

        assertEquals(3, leakage.trainDatabases());
        assertEquals(List.of("zoo"), leakage.devDatabases());
        assertEquals(Map.of("zoo", 2), leakage.devDatabasesInTrain());
        assertEquals(List.of(new SftLeakage.SharedQuestion("How many rows are there?",
                List.of("spider-train-0000", "spider-train-0001"), List.of("spider-dev-0001"))), leakage.questionsInDev(),
                "compared without case and extra whitespace, listed once with every example that asks it");
        assertEquals(2, leakage.trainExamplesWithDevQuestions());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> leakage.requireNoDevDatabases(false, "--allow-dev-databases"));
        assertTrue(refused.getMessage().contains("{zoo=2}") && refused.getMessage().contains("--allow-dev-databases"), refused.getMessage());
        assertDoesNotThrow(() -> leakage.requireNoDevDatabases(true, "--allow-dev-databases"));
    }

    @Test
    void onlyTheSelectedExamplesCount(@TempDir Path dir) throws IOException {
        Path data = SyntheticSpider.write(dir, List.of("shop", "zoo"),
                List.of(new SyntheticSpider.Item("zoo", "How many animals are there?")),
                List.of(new SyntheticSpider.Item("shop", "Name every product."), new SyntheticSpider.Item("zoo", "Name the oldest animal.")));
        List<SftExample> train = SpiderTrainSet.read(data);

        assertEquals(Map.of(), SftLeakage.analyse(data, train.subList(0, 1)).devDatabasesInTrain());
        assertEquals(Map.of("zoo", 1), SftLeakage.analyse(data, train).devDatabasesInTrain());
    }
}
