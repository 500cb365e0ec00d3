package io.evalstream.cli.pipeline;

import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.RunResults;
import io.evalstream.aggregator.api.AggregatorApi;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.GeneratorStage;
import io.evalstream.generator.Model;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TransactionalStage;
import io.evalstream.scorer.ScorerStage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One run with every stage in this JVM: producer, generator, scorer and aggregator, talking only
 * through topics, as they would as separate processes. What was committed before (an interrupted
 * earlier attempt of the same run) is picked up, not redone.
 */
public final class Pipeline implements AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(500);

    private final RunPlan plan;
    private final String bootstrap;
    private final Path stateDir;
    private final int apiPort;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private volatile boolean closed;

    public Pipeline(RunPlan plan, String bootstrap, Path stateDir) {
        this(plan, bootstrap, stateDir, -1);
    }

    /** @param apiPort port of the HTTP API and dashboard on 127.0.0.1: 0 any free port, -1 none */
    public Pipeline(RunPlan plan, String bootstrap, Path stateDir, int apiPort) {
        this.plan = plan;
        this.bootstrap = bootstrap;
        this.stateDir = stateDir;
        this.apiPort = apiPort;
    }

    /** What a finished run produced: its statistics, and the records a stage could not handle. */
    public record Outcome(RunResults results, List<DeadLetter> deadLetters) {
    }

    /**
     * Runs until every expected prediction of every model is counted or dead-lettered (a dead
     * letter will never be counted, so waiting for it would never end), then returns the results.
     */
    public Outcome run(ProgressDisplay display) throws InterruptedException, java.io.IOException {
        ExperimentConfig config = plan.config();
        String runId = config.runId();
        long expected = plan.expectedPredictions();
        int modelCount = config.modelIds().size();

        Model model = ModelFactory.create(config, plan.dataDir(), plan.items());
        toClose.push(model);
        ScorerStage scorer = StageFactory.scorer(config, plan.dataDir());
        toClose.push(scorer);
        Map<String, String> metricVersions = scorer.versions();
        Set<String> scoreSuffixes = metricVersions.entrySet().stream()
                .map(e -> "#" + e.getKey() + "@" + e.getValue()).collect(Collectors.toSet());

        long generatedBefore = RunProgress.committed(bootstrap, Topics.PREDICTIONS, runId, Set.of());
        long scoredBefore = RunProgress.committed(bootstrap, Topics.SCORES, runId, scoreSuffixes);

        AggregatorApp aggregator = StageFactory.aggregator(bootstrap, stateDir, config.baseModel());
        toClose.push(aggregator);
        aggregator.start();
        if (apiPort >= 0) {
            PublishedRunRecords.Live feed = PublishedRunRecords.follow(bootstrap);
            toClose.push(feed);
            AggregatorApi api = AggregatorApi.start(aggregator, AggregatorApi.DEFAULT_HOST, apiPort, KnownOutcomes.labels(), feed);
            toClose.push(api);
            System.err.println("live results: " + api.uri() + " (API: " + api.uri().resolve("/api/runs/" + runId + "/summary") + ")");
        }
        TransactionalStage<Prediction> scoring = StageFactory.scorerStage(config, bootstrap, scorer, 0);
        TransactionalStage<EvalItem> generating = StageFactory.generator(config, bootstrap, model, 0);
        start(scoring, "evalstream-scorer");
        start(generating, "evalstream-generator");

        display.update("produce", 0, plan.items().size());
        display.update("generate", generatedBefore, expected);
        display.update("score", scoredBefore, expected);
        display.update("aggregate", 0, expected);
        display.draw(true);
        new ItemPublisher(bootstrap).publish(plan.manifest(), plan.items(), sent -> {
            display.update("produce", sent, plan.items().size());
            if (sent % 200 == 0) {
                display.draw(false);
            }
        });
        display.update("produce", plan.items().size(), plan.items().size());

        long lastAggregated = -1;
        while (!closed) {
            failIfStopped(generating, "generator");
            failIfStopped(scoring, "scorer");
            failIfStopped(aggregator);
            RunResults results = PublishedResults.read(bootstrap, runId, Duration.ofSeconds(60));
            long aggregated = RunProgress.aggregated(results.stats(), metricVersions);
            display.update("generate", generatedBefore + generating.processed() * modelCount, expected);
            display.update("score", scoredBefore + scoring.processed(), expected);
            display.update("aggregate", aggregated, expected);
            boolean everyModelDone = RunProgress.complete(plan.manifest(), config.modelIds(), results.stats(), metricVersions);
            // while the counts grow there is no need to look at dead letters; once they stall,
            // dead letters (of this or an earlier attempt) may be what the run is missing
            boolean stalled = aggregated == lastAggregated;
            lastAggregated = aggregated;
            List<DeadLetter> dead = everyModelDone || stalled ? RunProgress.deadLetters(bootstrap, runId) : List.of();
            if (everyModelDone || (!dead.isEmpty() && aggregated + deadPredictions(dead, modelCount) >= expected)) {
                display.update("generate", expected, expected);
                display.update("score", expected, expected);
                display.draw(true);
                return new Outcome(results, dead);
            }
            display.draw(false);
            Thread.sleep(TICK.toMillis());
        }
        throw new InterruptedException("the run was stopped before it finished; run the same command again to resume");
    }

    /**
     * Predictions a run's dead letters stand for: a scorer dead letter is one prediction; a
     * generator dead letter is one (item, model) request, except a malformed item, which all
     * models miss.
     */
    static long deadPredictions(List<DeadLetter> dead, int modelCount) {
        return dead.stream().mapToLong(d -> d.getStage().equals(GeneratorStage.NAME) && d.getKind() == DeadLetterKind.MALFORMED_RECORD
                ? modelCount : 1).sum();
    }

    private void start(TransactionalStage<?> stage, String name) {
        Thread t = new Thread(stage, name);
        t.setDaemon(true);
        toClose.push(() -> {
            stage.close();
            t.join(Duration.ofSeconds(30).toMillis());
        });
        t.start();
    }

    private static void failIfStopped(AggregatorApp aggregator) {
        KafkaStreams.State state = aggregator.streams().state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("the aggregator stopped (Kafka Streams state " + state + "); see its log above");
        }
    }

    private static void failIfStopped(TransactionalStage<?> stage, String name) {
        if (stage.failure() != null) {
            throw new IllegalStateException("the " + name + " stage stopped: " + stage.failure().getMessage(), stage.failure());
        }
    }

    /** Stops every stage: open transactions abort, so an interrupted run resumes from its last commit. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
