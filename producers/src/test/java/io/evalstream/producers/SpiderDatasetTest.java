package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.SchemaColumn;
import io.evalstream.schemas.SchemaTable;
import io.evalstream.schemas.SpiderExample;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real Spider data in the shared data folder. */
class SpiderDatasetTest {
    private static Path data;
    private static List<EvalItem> dev;

    /** Per test, not @BeforeAll, so that without data every test is reported as skipped with the reason. */
    @BeforeEach
    void readDevOnce() {
        data = TestData.spider();
        if (dev == null) {
            dev = SpiderDataset.read(data, "run-1", SpiderOptions.dev());
        }
    }

    @Test
    void allDevItemsInFileOrderOverTwentyDatabases() {
        assertEquals(1034, dev.size());
        assertEquals(20, dev.stream().map(EvalItem::getGroup).distinct().count());
        for (int i = 0; i < dev.size(); i++) {
            EvalItem item = dev.get(i);
            assertEquals(i, item.getIndex());
            assertEquals(String.format("spider-dev-%04d", i), item.getItemId());
            assertEquals(Benchmark.SPIDER, item.getBenchmark());
            assertEquals("run-1", item.getRunId());
            assertEquals(item.getGroup(), item.getSpider().getDbId());
            assertNull(item.getCategory());
            assertNull(item.getMmlu());
        }
        assertEquals("spider-dev-1033", dev.get(1033).getItemId());
    }

    @Test
    void exactlyTheSixtyTwoWtaItemsAreUnscorable() {
        List<EvalItem> unscorable = dev.stream().filter(item -> item.getUnscorableReason() != null).toList();

        assertEquals(62, unscorable.size());
        assertEquals(Set.of("wta_1"), unscorable.stream().map(EvalItem::getGroup).collect(Collectors.toSet()));
        String reason = unscorable.get(0).getUnscorableReason();
        assertTrue(reason.contains("wta_1"), reason);
        assertTrue(reason.contains(SpiderDataset.databaseFile(data, "wta_1").toString()), reason);
    }

    @Test
    void firstItemCarriesQuestionGoldAndSchema() {
        EvalItem first = dev.get(0);

        assertEquals("concert_singer", first.getGroup());
        assertEquals("How many singers do we have?", first.getQuestion());
        assertEquals("SELECT count(*) FROM singer", first.getGold());
        List<SchemaTable> tables = first.getSpider().getTables();
        assertEquals(List.of("stadium", "singer", "concert", "singer_in_concert"),
                tables.stream().map(SchemaTable::getName).toList());
        SchemaTable stadium = tables.get(0);
        assertEquals(new SchemaColumn("Stadium_ID", "number", true), stadium.getColumns().get(0));
        assertEquals(new SchemaColumn("Location", "text", false), stadium.getColumns().get(1));
        assertEquals(7, stadium.getColumns().size());
        assertEquals(List.of("Stadium_ID = stadium.Stadium_ID"), tables.get(2).getForeignKeys());
        assertEquals(List.of("Singer_ID = singer.Singer_ID", "concert_ID = concert.concert_ID"), tables.get(3).getForeignKeys());
        assertEquals(List.of(), first.getSpider().getFewShot());
    }

    @Test
    void limitKeepsTheFirstItems() {
        List<EvalItem> five = SpiderDataset.read(data, "run-1", new SpiderOptions("dev", 5, List.of()));

        assertEquals(dev.subList(0, 5), five);
    }

    @Test
    void fewShotExamplesComeFromTrainWithTheirOwnSchema() {
        List<EvalItem> items = SpiderDataset.read(data, "run-1", new SpiderOptions("dev", 2, List.of(0, 6999)));

        List<SpiderExample> fewShot = items.get(0).getSpider().getFewShot();
        assertEquals(2, fewShot.size());
        SpiderExample first = fewShot.get(0);
        assertEquals("department_management", first.getDbId());
        assertEquals("How many heads of the departments are older than 56 ?", first.getQuestion());
        assertEquals("SELECT count(*) FROM head WHERE age  >  56", first.getQuery());
        assertEquals(List.of("department", "head", "management"), first.getTables().stream().map(SchemaTable::getName).toList());
        assertEquals(fewShot, items.get(1).getSpider().getFewShot());
    }

    @Test
    void fewShotIndexOutsideTheTrainFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpiderDataset.read(data, "run-1", new SpiderOptions("dev", 1, List.of(7000))));

        assertTrue(e.getMessage().contains("few-shot train index 7000"), e.getMessage());
        assertTrue(e.getMessage().contains("7000 items"), e.getMessage());
    }

    @Test
    void everyDevDatabaseButWtaIsPresent() {
        dev.stream().map(EvalItem::getGroup).distinct().filter(db -> !db.equals("wta_1"))
                .forEach(db -> assertTrue(SpiderDataset.databaseFile(data, db).toFile().isFile(), db));
        assertFalse(SpiderDataset.databaseFile(data, "wta_1").toFile().exists());
    }
}
