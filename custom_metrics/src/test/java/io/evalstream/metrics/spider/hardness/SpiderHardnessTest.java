package io.evalstream.metrics.spider.hardness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SpiderHardnessTest {

    /** The published distribution of Spider dev by hardness: easy 248, medium 446, hard 174, extra 166. */
    @Test
    void devDistributionIsTheOfficialOne() throws IOException {
        JsonNode dev = new ObjectMapper().readTree(TestData.dataDir().resolve("spider/dev.json").toFile());
        Map<String, Integer> histogram = new TreeMap<>();
        for (JsonNode item : dev) {
            histogram.merge(SpiderHardness.of(item.get("query").asText()), 1, Integer::sum);
        }
        assertEquals(Map.of("easy", 248, "medium", 446, "hard", 174, "extra", 166), histogram);
    }

    /**
     * Item by item, our counts equal the official count functions applied to the parse that
     * dev.json ships (its "sql" field, produced by process_sql.py): a stronger check than the totals.
     */
    @Test
    void countsMatchTheOfficialParseOfEveryDevItem() throws IOException {
        JsonNode dev = new ObjectMapper().readTree(TestData.dataDir().resolve("spider/dev.json").toFile());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < dev.size(); i++) {
            JsonNode item = dev.get(i);
            SpiderHardness.Counts ours = SpiderHardness.counts(item.get("query").asText());
            SpiderHardness.Counts official = OfficialHardnessCounts.of(item.get("sql"));
            if (!ours.equals(official)) {
                mismatches.add("dev[" + i + "] ours " + ours + " official " + official + ": " + item.get("query").asText());
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, first: " + mismatches.stream().limit(5).toList());
    }

    @Test
    void examplesOfEachLevel() {
        assertEquals("easy", SpiderHardness.of("SELECT count(*) FROM singer"));
        assertEquals("medium", SpiderHardness.of("SELECT name, country, age FROM singer ORDER BY age DESC"));
        assertEquals("hard", SpiderHardness.of("SELECT name FROM stadium WHERE stadium_id NOT IN (SELECT stadium_id FROM concert)"));
        assertEquals("extra", SpiderHardness.of("SELECT T2.name, count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id "
                + "WHERE T1.year >= 2014 GROUP BY T2.stadium_id ORDER BY count(*) DESC LIMIT 1"));
    }

    @Test
    void sqlOutsideTheSubsetIsReported() {
        assertTrue(SpiderHardness.tryOf("DROP TABLE singer").isEmpty());
    }

    static Path unused() {
        return null;
    }
}
