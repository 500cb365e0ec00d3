package io.evalstream.metrics.spider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the hostile corpus (src/test/resources/hostile/hostile.jsonl) in official and strict
 * mode and prints one JSON line per verdict (id, mode, outcome, ms), then the peak heap. Run by
 * {@link HostileSqlTest} in a JVM of its own with a small -Xmx, so an unbounded query would end
 * it with OutOfMemoryError instead of passing unnoticed. Arguments: the database folder, the
 * time limit in ms.
 */
public final class HostileSqlRun {
    public static void main(String[] args) throws IOException {
        Path databases = Path.of(args[0]);
        Duration limit = Duration.ofMillis(Long.parseLong(args[1]));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(HostileSqlRun.class.getResourceAsStream("/hostile/hostile.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                cases.add(json.readTree(line));
            }
        }
        for (ComparisonMode mode : List.of(ComparisonMode.OFFICIAL, ComparisonMode.STRICT)) {
            ExecutionOptions options = ExecutionOptions.defaults().withMode(mode).withTimeout(limit);
            try (ExecutionAccuracy metric = new ExecutionAccuracy(SpiderDatabases.inDatabaseFolder(databases), options)) {
                for (JsonNode c : cases) {
                    String reply = reply(c.get("predicted").asText());
                    long start = System.nanoTime();
                    Verdict v = metric.evaluate(ExecutionAccuracy.testCase(c.get("db_id").asText(), c.get("id").asText(), reply,
                            c.get("gold").asText()));
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("id", c.get("id").asText());
                    out.put("mode", mode.label());
                    out.put("outcome", v.outcome().label());
                    out.put("ms", ms);
                    out.put("reason", v.reason());
                    System.out.println(json.writeValueAsString(out));
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(json.writeValueAsString(Map.of("peak_heap_bytes", peak,
                "max_heap_bytes", Runtime.getRuntime().maxMemory())));
    }

    /** "@REPEAT:text:chars" and "@PROSE:chars" stand for replies too long to keep in the corpus file. */
    static String reply(String predicted) {
        if (predicted.startsWith("@REPEAT:")) {
            int colon = predicted.lastIndexOf(':');
            String unit = predicted.substring("@REPEAT:".length(), colon);
            int chars = Integer.parseInt(predicted.substring(colon + 1));
            return unit.repeat(chars / unit.length() + 1);
        }
        if (predicted.startsWith("@PROSE:")) {
            int chars = Integer.parseInt(predicted.substring("@PROSE:".length()));
            StringBuilder sb = new StringBuilder("Here is the query:\nSELECT count(*) FROM city\n");
            while (sb.length() < chars) {
                sb.append("This is line ").append(sb.length()).append(" of an explanation with 'quotes' and; semicolons.\n\n");
            }
            return sb.toString();
        }
        return predicted;
    }
}
