package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpiderTrainSetTest {

    @Test
    void readsEveryTrainExampleWithItsIdAndTheSchemaOfTablesJson() {
        Path data = TestData.spider();

        List<SftExample> train = SpiderTrainSet.read(data);

        assertEquals(7000, train.size());
        SftExample first = train.get(0);
        assertEquals("spider-train-0000", first.id());
        assertEquals("spider-train-6999", train.get(6999).id());
        assertEquals("department_management", first.example().getDbId());
        assertEquals("How many heads of the departments are older than 56 ?", first.example().getQuestion());
        assertEquals("SELECT count(*) FROM head WHERE age  >  56", first.example().getQuery());
        // the very tables a dev item of that database would carry
        assertEquals(SpiderSchemaCatalog.read(data.resolve("spider")).tables("department_management"), first.example().getTables());
        assertEquals(140, train.stream().map(e -> e.example().getDbId()).distinct().count());
    }

    @Test
    void theSeededShuffleIsAPermutationThatDependsOnlyOnTheSeed(@TempDir Path dir) throws IOException {
        List<SftExample> train = SpiderTrainSet.read(synthetic(dir, 50));

        List<SftExample> a = SpiderTrainSet.select(train, 7, 0);
        assertEquals(a, SpiderTrainSet.select(train, 7, 0), "same seed, same order");
        assertNotEquals(a, SpiderTrainSet.select(train, 8, 0), "another seed, another order");
        assertNotEquals(train, a, "shuffled");
        assertEquals(new HashSet<>(train), new HashSet<>(a), "every example once");
        assertEquals(a.subList(0, 10), SpiderTrainSet.select(train, 7, 10), "--limit takes the first of the same order");
        assertEquals(50, SpiderTrainSet.select(train, 7, 500).size());
        assertThrows(IllegalArgumentException.class, () -> SpiderTrainSet.select(train, 7, -1));
    }

    @Test
    void anExampleIsNeverAmongItsOwnFewShotExamples(@TempDir Path dir) throws IOException {
        List<SftExample> train = SpiderTrainSet.read(synthetic(dir, 10));
        List<Integer> shots = List.of(0, 1, 2);

        assertEquals(examples(train, 0, 1, 2), SpiderTrainSet.shotsFor(train.get(5), train, shots));
        assertEquals(examples(train, 0, 2, 3), SpiderTrainSet.shotsFor(train.get(1), train, shots), "itself replaced by the next index");
        assertEquals(examples(train, 0, 1, 3), SpiderTrainSet.shotsFor(train.get(2), train, List.of(0, 2, 1)), "in the order given");
        assertEquals(examples(train, 4, 6, 7), SpiderTrainSet.shotsFor(train.get(5), train, List.of(4, 5, 6)), "the next after the largest");
        for (SftExample e : train) {
            List<SftExample> own = SpiderTrainSet.shotsFor(e, train, shots);
            assertEquals(3, own.size());
            assertTrue(!own.contains(e), e.id());
        }
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> SpiderTrainSet.shotsFor(train.get(0), train, List.of(0, 1, 10)));
        assertTrue(outside.getMessage().contains("few-shot train index 10 is outside"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpiderTrainSet.shotsFor(train.get(0), train, List.of(1, 1, 2)));
    }

    private static List<SftExample> examples(List<SftExample> train, int... indices) {
        return IntStream.of(indices).mapToObj(train::get).toList();
    }

    private static Path synthetic(Path dir, int n) throws IOException {
        List<SyntheticSpider.Item> train = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            train.add(new SyntheticSpider.Item("shop_" + (i % 3), "Question number " + i + "?"));
        }
        return SyntheticSpider.write(dir, List.of("shop_0", "shop_1", "shop_2"), List.of(), train);
    }
}
