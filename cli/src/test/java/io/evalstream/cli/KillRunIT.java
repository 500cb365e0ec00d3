package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.EmbeddedBroker;
import io.evalstream.cli.pipeline.PublishedResults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: `evalstream run` killed with SIGKILL at random points (during the broker's
 * start, the aggregator's, producing, generating, scoring, at the very end), again and again on
 * the same home, then run once more: it ends with the counts of an uninterrupted run and nothing
 * committed twice. 10 trials here; {@code -Devalstream.faults.trials=20} for more by hand
 * ({@code -Devalstream.faults.seed=N} repeats a sequence of kill points). Prints the kill points
 * and the start-up of fresh and restarted runs.
 */
class KillRunIT {
    static final int TRIALS = Integer.getInteger("evalstream.faults.trials", 10);

    @Test
    void aRunKilledAtRandomPointsEndsWithTheCountsOfAnUninterruptedRun(@TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        long seed = Long.getLong("evalstream.faults.seed", System.nanoTime());
        String runId = "kill-run";
        Path config = FaultScenario.smallConfig(temp, runId);

        double freshTotal;
        double freshStartup;
        try (CliProcess fresh = CliProcess.start(temp, args(config, temp.resolve("fresh-home"), data))) {
            assertEquals(0, fresh.waitFor(300_000), fresh.output());
            freshTotal = (System.nanoTime() - fresh.startedNanos) / 1e9;
            freshStartup = fresh.secondsUntil("produce ");
        }
        Map<String, String> uninterrupted = FaultScenario.countsInHome(temp.resolve("fresh-home"), runId);
        assertFalse(uninterrupted.isEmpty());

        Random random = new Random(seed);
        Path home = temp.resolve("home");
        List<String> killPoints = new ArrayList<>();
        List<Double> restartStartups = new ArrayList<>();
        int finishedBeforeKill = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            long killAfterMs = 500 + (long) (random.nextDouble() * freshTotal * 900);
            try (CliProcess run = CliProcess.start(temp, args(config, home, data))) {
                long deadline = run.startedNanos + killAfterMs * 1_000_000;
                while (run.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (run.isAlive()) {
                    run.kill();
                    killPoints.add(String.format("%.1f", killAfterMs / 1000.0));
                } else {
                    finishedBeforeKill++;
                    assertEquals(0, run.waitFor(1_000), run.output());
                }
                if (trial > 0 && run.secondsUntil("produce ") > 0) {
                    restartStartups.add(run.secondsUntil("produce "));
                }
            }
        }
        double lastStartup;
        double lastTotal;
        try (CliProcess last = CliProcess.start(temp, args(config, home, data))) {
            assertEquals(0, last.waitFor(300_000), last.output());
            lastTotal = (System.nanoTime() - last.startedNanos) / 1e9;
            lastStartup = last.secondsUntil("produce ");
            assertTrue(last.stdout.stream().anyMatch(l -> l.startsWith("Run " + runId)), last.output());
        }
        restartStartups.add(lastStartup);

        try (EmbeddedBroker broker = EmbeddedBroker.start(home.resolve("kafka"), 0)) {
            assertEquals(uninterrupted, FaultScenario.counts(PublishedResults.read(broker.bootstrapServers(), runId, Duration.ofSeconds(60))),
                    "counts after " + TRIALS + " kills (seed " + seed + ", kill points " + killPoints + " s)");
            assertEquals(List.of(), FaultScenario.duplicates(broker.bootstrapServers(), runId), "nothing committed twice");
        }
        FaultScenario.figure(String.format("kill -9 of run: %d trials (seed %d), killed at %s s, %d had finished first; "
                        + "counts identical to an uninterrupted run, no key committed twice", TRIALS, seed, killPoints, finishedBeforeKill));
        FaultScenario.figure(String.format("start-up to the first progress line: fresh %.1f s; restarted after kill -9: median %.1f s "
                        + "(n=%d, max %.1f s); final re-run %.1f s in all against %.1f s fresh", freshStartup,
                FaultScenario.median(restartStartups), restartStartups.size(),
                restartStartups.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), lastTotal, freshTotal));
    }

    private static String[] args(Path config, Path home, Path data) {
        return new String[] {"run", CliProcess.path(config), "--home", CliProcess.path(home), "--data", CliProcess.path(data),
                "--api-port", "-1"};
    }
}
