package io.evalstream.metrics.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.sql.SandboxTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hostile-SQL corpus of issue 11 (src/test/resources/hostile/hostile.jsonl), in a JVM limited
 * to {@value #HEAP_MB} MiB of heap: every line ends as its named outcome in official and strict
 * mode; each verdict, gold query included, takes at most the time limit plus 10% (the limit's own
 * guarantee, so it is asserted); the JVM never runs out of heap; and the databases, copies of the
 * real ones, are byte-identical afterwards with no file beside them.
 */
class HostileSqlTest {
    static final int HEAP_MB = 256;
    private static final long LIMIT_MS = 2000;

    @Test
    void everyHostileLineIsANamedOutcomeWithinTheLimitsAndChangesNothing() throws Exception {
        Path data = TestData.dataDirWithDatabase("world_1");
        Path databases = Files.createTempDirectory(Path.of("target"), "hostile-dbs");
        Map<Path, String> before = new HashMap<>();
        for (String db : List.of("world_1", "concert_singer")) {
            Path copy = databases.resolve(db).resolve(db + ".sqlite");
            Files.createDirectories(copy.getParent());
            Files.copy(data.resolve("spider/database/" + db + "/" + db + ".sqlite"), copy);
            before.put(copy, SandboxTest.sha256(copy));
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-cp", System.getProperty("java.class.path"),
                HostileSqlRun.class.getName(), databases.toString(), Long.toString(LIMIT_MS))
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the hostile run ended");
        String output = String.join("\n", lines);
        assertEquals(0, child.exitValue(), "the hostile run ended normally (no OutOfMemoryError):\n" + output);

        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> expected = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream("/hostile/hostile.jsonl"),
                StandardCharsets.UTF_8))) {
            r.lines().map(HostileSqlTest::parse).forEach(c -> expected.put(c.get("id").asText(), c));
        }
        List<String> failures = new ArrayList<>();
        int verdicts = 0;
        long peakHeap = -1;
        StringBuilder table = new StringBuilder();
        for (String line : lines) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode v = json.readTree(line);
            if (v.has("peak_heap_bytes")) {
                peakHeap = v.get("peak_heap_bytes").asLong();
                continue;
            }
            verdicts++;
            String id = v.get("id").asText();
            String mode = v.get("mode").asText();
            long ms = v.get("ms").asLong();
            table.append(String.format("%n  %-20s %-8s %-14s %5d ms", id, mode, v.get("outcome").asText(), ms));
            if (!expected.get(id).get("expected").get(mode).asText().equals(v.get("outcome").asText())) {
                failures.add(id + " [" + mode + "]: expected " + expected.get(id).get("expected").get(mode).asText() + " ("
                        + expected.get(id).get("why").asText() + "), got " + v.get("outcome").asText() + ": " + v.get("reason").asText());
            }
            if (ms > LIMIT_MS * 11 / 10) {
                failures.add(id + " [" + mode + "] took " + ms + " ms with a limit of " + LIMIT_MS + " ms");
            }
        }
        System.out.println("hostile corpus, limit " + LIMIT_MS + " ms, heap limit " + HEAP_MB + " MiB, peak heap "
                + peakHeap / (1 << 20) + " MiB:" + table);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(2 * expected.size(), verdicts, output);
        assertTrue(peakHeap > 0 && peakHeap <= (long) HEAP_MB << 20, "peak heap " + peakHeap);
        for (Map.Entry<Path, String> e : before.entrySet()) {
            assertEquals(e.getValue(), SandboxTest.sha256(e.getKey()), e.getKey() + " changed");
            try (Stream<Path> files = Files.list(e.getKey().getParent())) {
                assertEquals(List.of(e.getKey().getFileName()), files.map(Path::getFileName).toList(), "no file appeared beside " + e.getKey());
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("hostile.jsonl: not JSON: " + line, e);
        }
    }
}
