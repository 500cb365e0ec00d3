package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.EmbeddedBroker;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.PublishedResults;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import io.evalstream.schemas.Benchmark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the broker goes away for 90 s in the middle of a run whose stages run as
 * separate processes, then comes back on the same log and port. Every stage waits for it (saying
 * so), none exits, and the run ends with the counts of an uninterrupted run. The aggregator's
 * Kafka Streams client used to shut itself down after about 60 s of this and the counts stopped.
 *
 * <p>Takes over two minutes, so it runs only when asked: {@code -Devalstream.faults.outage=true}
 * ({@code -Devalstream.faults.outage.seconds=N} for another length).
 */
class BrokerOutageIT {

    @Test
    void aNinetySecondOutageStopsNoStageAndChangesNoCount(@TempDir Path temp) throws Exception {
        assumeTrue(Boolean.getBoolean("evalstream.faults.outage"), "a 90 s broker outage: run with -Devalstream.faults.outage=true");
        int outageSeconds = Integer.getInteger("evalstream.faults.outage.seconds", 90);
        Path data = TestData.dataDir();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path brokerDir = temp.resolve("broker");
        EmbeddedBroker broker = EmbeddedBroker.start(brokerDir, port);
        String bootstrap = broker.bootstrapServers();
        List<CliProcess> stages = new ArrayList<>();
        try {
            Map<String, String> uninterrupted = uninterruptedCounts(bootstrap, temp, data);
            String runId = "outage";
            Path config = FaultScenario.config(temp, runId, 300, 1);
            String[] common = {"--bootstrap-servers", bootstrap, "--data", CliProcess.path(data), "--home", CliProcess.path(temp.resolve("home"))};
            stages.add(CliProcess.start(temp, KillStagesIT.concat(new String[] {"aggregate", "--api-port", "-1"}, common)));
            stages.add(CliProcess.start(temp, KillStagesIT.concat(new String[] {"score", CliProcess.path(config)}, common)));
            stages.add(CliProcess.start(temp, KillStagesIT.concat(new String[] {"generate", CliProcess.path(config)}, common)));
            try (CliProcess produce = CliProcess.start(temp, KillStagesIT.concat(new String[] {"produce", CliProcess.path(config)}, common))) {
                assertEquals(0, produce.waitFor(120_000), produce.output());
            }
            long before = awaitCounted(bootstrap, runId, 30, 180_000);

            broker.close();
            Thread.sleep(outageSeconds * 1000L);
            assertTrue(stages.stream().allMatch(CliProcess::isAlive), () -> "every stage waits for the broker; exited:\n"
                    + String.join("\n====\n", stages.stream().filter(stage -> !stage.isAlive()).map(CliProcess::output).toList()));
            long back = System.nanoTime();
            broker = EmbeddedBroker.start(brokerDir, port);
            awaitCounted(bootstrap, runId, before + 1, 300_000);
            double recovered = (System.nanoTime() - back) / 1e9;
            try {
                awaitCounted(bootstrap, runId, 312, 180_000);
            } catch (AssertionError e) {
                StringBuilder sb = new StringBuilder(e.getMessage()).append("\n---- broker ----\n").append(transactions(bootstrap));
                stages.forEach(stage -> sb.append("\n==== ").append(stage.output()).append("\n---- threads ----\n")
                        .append(threadDump(stage.pid())));
                // does a second restart of the broker (which reloads the offsets from its log) free the stages?
                broker.close();
                broker = EmbeddedBroker.start(brokerDir, port);
                try {
                    sb.insert(0, "after a second broker restart the run counted all 312 items; before it: ");
                    awaitCounted(bootstrap, runId, 312, 120_000);
                } catch (AssertionError again) {
                    sb.replace(0, "after a second broker restart the run counted all 312 items; before it: ".length(),
                            "a second broker restart did not help either: " + again.getMessage() + "; before it: ");
                }
                throw new AssertionError(sb.toString(), e);
            }

            assertEquals(uninterrupted, FaultScenario.counts(PublishedResults.read(bootstrap, runId, Duration.ofSeconds(30))));
            assertEquals(List.of(), FaultScenario.duplicates(bootstrap, runId), "nothing committed twice");
            assertTrue(stages.stream().allMatch(CliProcess::isAlive), "no stage exited");
            FaultScenario.figure(String.format("broker outage of %d s with %d of 312 items counted: counting again %.1f s after the "
                    + "broker was back; counts identical to an uninterrupted run", outageSeconds, before, recovered));
        } finally {
            for (CliProcess stage : stages) {
                stage.terminate(60_000);
            }
            broker.close();
        }
    }

    /** For the failure message: the transactions, each group's offsets (stable and not), the producers on the offsets topic. */
    private static String transactions(String bootstrap) {
        StringBuilder sb = new StringBuilder();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var listed = admin.listTransactions().all().get(30, TimeUnit.SECONDS);
            sb.append("transactions: ").append(listed).append('\n');
            var ids = listed.stream().map(t -> t.transactionalId()).toList();
            if (!ids.isEmpty()) {
                sb.append("described: ").append(admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS)).append('\n');
            }
            for (var group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
                for (boolean stable : new boolean[] {true, false}) {
                    try {
                        sb.append("group ").append(group.groupId()).append(stable ? " stable: " : " any: ")
                                .append(admin.listConsumerGroupOffsets(group.groupId(), new ListConsumerGroupOffsetsOptions()
                                        .requireStable(stable)).partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS)).append('\n');
                    } catch (Exception e) {
                        sb.append(e).append('\n');
                    }
                }
            }
            int partitions = admin.describeTopics(List.of("__consumer_offsets")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("__consumer_offsets").partitions().size();
            List<TopicPartition> offsets = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                offsets.add(new TopicPartition("__consumer_offsets", p));
            }
            admin.describeProducers(offsets).all().get(30, TimeUnit.SECONDS).forEach((tp, producers) -> producers.activeProducers()
                    .forEach(ps -> sb.append("producer on ").append(tp).append(": ").append(ps).append('\n')));
        } catch (Exception e) {
            sb.append("(admin failed: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /** What a stuck stage's threads are doing, for the failure message. */
    private static String threadDump(long pid) {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    String.valueOf(pid)).redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor();
            return dump;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static Map<String, String> uninterruptedCounts(String bootstrap, Path temp, Path data) throws Exception {
        ExperimentConfig config = ExperimentConfigReader.read(FaultScenario.config(temp, "uninterrupted", 300, 8));
        TopicSetup.ensureTopics(bootstrap, config.partitions(), (short) 1);
        RunPlan plan = RunPlan.build(config, data, RunVersions.of(config, data));
        try (Pipeline pipeline = new Pipeline(plan, bootstrap, temp.resolve("streams-uninterrupted"))) {
            return FaultScenario.counts(pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false)).results());
        }
    }

    private static long awaitCounted(String bootstrap, String runId, long atLeast, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try {
                long counted = PublishedResults.read(bootstrap, runId, Duration.ofSeconds(10)).stats().stream()
                        .filter(s -> s.getCategory().equals("all") && s.getBenchmark() != Benchmark.UNKNOWN)
                        .mapToLong(s -> s.getN() + s.getUnscorable()).sum();
                if (counted >= atLeast) {
                    return counted;
                }
            } catch (RuntimeException brokerNotBackYet) {
                // the broker is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run did not count " + atLeast + " items within " + timeoutMs + " ms");
    }
}
