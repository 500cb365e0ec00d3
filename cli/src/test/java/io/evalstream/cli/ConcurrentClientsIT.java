package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.spider.ExecutionAccuracy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: other commands on the home of a live `run`. `results` reads from the running
 * broker (it used to open the same log and leave the run unable to exit); a second `run` is told
 * the home is busy and which option reaches the running broker, and with that option it runs
 * alongside. Both runs end with the counts of an uninterrupted run.
 */
class ConcurrentClientsIT {

    @Test
    void resultsAndASecondRunOnABusyHomeLeaveTheRunAlone(@TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        Path home = temp.resolve("home");
        // the first run long enough (one item per transaction) for the other commands to find it running; the second,
        // which uses the first one's broker, short enough to end before it (the broker ends with the process that owns it)
        Path first = FaultScenario.config(temp, "first", 700, 1);
        Path second = FaultScenario.config(temp, "second", FaultScenario.SPIDER_ITEMS, 4);

        List<Integer> resultsExits = new ArrayList<>();
        String busyMessage;
        int secondExit;
        try (CliProcess run = CliProcess.start(temp, "run", CliProcess.path(first), "--home", CliProcess.path(home),
                "--data", CliProcess.path(data), "--api-port", "-1")) {
            assertTrue(run.awaitLine("generate", 180_000), run.output());
            // two `results` and a second `run` on the busy home, all at once
            List<CliProcess> others = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                others.add(CliProcess.start(temp, "results", "--run", "first", "--home", CliProcess.path(home)));
            }
            CliProcess busy = CliProcess.start(temp, "run", CliProcess.path(second), "--home", CliProcess.path(home),
                    "--data", CliProcess.path(data), "--api-port", "-1");
            for (CliProcess results : others) {
                int exit = results.waitFor(120_000);
                resultsExits.add(exit);
                boolean noneYet = results.stderr.stream().anyMatch(l -> l.startsWith("no results for run"));
                assertTrue(exit == 0 || noneYet || !run.isAlive(), results.output());
                assertTrue(results.stderr.stream().noneMatch(l -> l.contains("Exception")), results.output());
                results.close();
            }
            assertEquals(2, busy.waitFor(120_000), busy.output());
            busyMessage = String.join("\n", busy.stderr);
            busy.close();
            Matcher address = Pattern.compile("add --bootstrap-servers (\\S+?);").matcher(busyMessage);
            assertTrue(address.find(), busyMessage);
            try (CliProcess alongside = CliProcess.start(temp, "run", CliProcess.path(second), "--home", CliProcess.path(home),
                    "--data", CliProcess.path(data), "--api-port", "-1", "--bootstrap-servers", address.group(1))) {
                secondExit = alongside.waitFor(300_000);
                assertEquals(0, secondExit, alongside.output());
            }
            assertEquals(0, run.waitFor(300_000), run.output());
        }
        Map<String, String> firstCounts = FaultScenario.countsInHome(home, "first");
        Map<String, String> secondCounts = FaultScenario.countsInHome(home, "second");
        // the oracle: every scorable item right, each counted once
        assertEquals("12 scored, 12 correct, 0 unscorable", firstCounts.get("answer_match@1 base/MMLU/all"), firstCounts.toString());
        assertEquals("12 scored, 12 correct, 0 unscorable", secondCounts.get("answer_match@1 base/MMLU/all"), secondCounts.toString());
        assertTrue(firstCounts.get(ExecutionAccuracy.NAME + "@" + ExecutionAccuracy.SEMANTICS_VERSION + "/official base/SPIDER/all").endsWith("unscorable"), firstCounts.toString());
        firstCounts.forEach((key, counts) -> {
            String[] n = counts.split(" ");
            assertEquals(n[0], n[2], "the oracle is right on every scored item: " + key);
        });
        FaultScenario.figure("concurrent clients: " + resultsExits.size() + " `results` during a run (exits " + resultsExits
                + "), a second `run` refused with: " + busyMessage.lines().filter(l -> l.startsWith("evalstream:")).findFirst().orElse("")
                + "; run beside it with --bootstrap-servers: exit " + secondExit + "; both runs ended with the oracle's counts");
    }
}
