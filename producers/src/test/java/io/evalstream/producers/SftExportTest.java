package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftExportTest {
    @Test
    void exportsEveryTrainExampleWithItsStructuredSchema(@TempDir Path out) throws IOException {
        Path data = TestData.spider();
        Path file = out.resolve("sft/train.jsonl");

        int count = SftExport.write(data, file);

        List<String> lines = Files.readAllLines(file);
        assertEquals(7000, count);
        assertEquals(7000, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("department_management", first.get("db_id").asText());
        assertEquals("How many heads of the departments are older than 56 ?", first.get("question").asText());
        assertEquals("SELECT count(*) FROM head WHERE age  >  56", first.get("query").asText());
        JsonNode department = first.get("tables").get(0);
        assertEquals("department", department.get("name").asText());
        assertEquals("{\"name\":\"Department_ID\",\"type\":\"number\",\"primary_key\":true}",
                department.get("columns").get(0).toString());
        // the same tables a Spider item of this database carries
        assertEquals(SpiderSchemaCatalog.read(data.resolve("spider")).tables("department_management").size(),
                first.get("tables").size());
    }
}
