package io.evalstream.cli.pipeline;

import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.RunResults;
import io.evalstream.aggregator.api.AggregatorApi;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.Model;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.Prediction;
import io.evalstream.stages.TransactionalStage;
import io.evalstream.scorer.ScorerStage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One run with every stage in this JVM: producer, generator, scorer and aggregator, talking only
 * through topics, as they would as separate processes. What was committed before (an interrupted
 * earlier attempt of the same run) is picked up, not redone.
 *
 * <p>The run ends complete when every expected (model, item) pair has a score or a dead letter for
 * that pair and the aggregator has counted every score ({@link RunCompletion}); it ends incomplete
 * when nothing has moved for {@link #QUIET} while every stage has read all its input, and then
 * says what is missing rather than waiting forever or claiming it is done.
 */
public final class Pipeline implements AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(500);
    /** How long every stage must have been idle with nothing changing before a run is declared incomplete. */
    static final Duration QUIET = Duration.ofSeconds(5);
    /** No progress for this long, with input left, and a stage's progress line says it is stalled. */
    private static final Duration STALL = Duration.ofSeconds(30);

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

    /**
     * What a run produced: its statistics; the dead letters standing for expected pairs (in the run,
     * not in its counts); whether it is complete and, if not, the pairs it lacks; records keyed with
     * the run id that stand for no expected pair; and this attempt's stages' dead letters by the run
     * id of their record's key (other runs' included).
     */
    public record Outcome(RunResults results, List<DeadLetter> deadLetters, boolean complete,
                          Map<String, List<String>> missing, Map<String, Long> foreign, Map<String, Long> deadLetteredByRun) {
    }

    /** Runs until the run is complete, or can get no further (see the class comment). */
    public Outcome run(ProgressDisplay display) throws InterruptedException, IOException {
        ExperimentConfig config = plan.config();
        String runId = config.runId();
        Consumer<String> say = display::say;

        Model model = Models.create(config, plan.dataDir(), plan.items());
        toClose.push(model);
        ScorerStage scorer = Stages.scorer(config, plan.dataDir());
        toClose.push(scorer);
        Set<String> metricVersions = scorer.versions().entrySet().stream()
                .map(e -> e.getKey() + "@" + e.getValue()).collect(Collectors.toSet());
        RunCompletion completion = new RunCompletion(plan.manifest(), config.modelIds(), metricVersions);
        long expected = completion.expected();

        long started = System.nanoTime();
        say.accept("starting the aggregator (Kafka Streams) ...");
        AggregatorApp aggregator = Stages.aggregator(bootstrap, stateDir, config.baseModel());
        aggregator.onNotice(say);
        toClose.push(aggregator);
        aggregator.start();
        say.accept("aggregator running (" + seconds(started) + ")");
        if (apiPort >= 0) {
            PublishedRunRecords.Live feed = PublishedRunRecords.follow(bootstrap);
            toClose.push(feed);
            AggregatorApi api = AggregatorApi.start(aggregator, AggregatorApi.DEFAULT_HOST, apiPort, KnownOutcomes.labels(), feed);
            toClose.push(api);
            say.accept("live results: " + api.uri() + " (API: " + api.uri().resolve("/api/runs/" + runId + "/summary") + ")");
        }
        TransactionalStage<Prediction> scoring = Stages.scorerStage(config, bootstrap, scorer, 0);
        TransactionalStage<EvalItem> generating = Stages.generator(config, bootstrap, model, 0);
        start(scoring, "evalstream-scorer");
        start(generating, "evalstream-generator");

        RunWatch watch = new RunWatch(bootstrap, completion);
        toClose.push(watch);
        watch.refresh();
        if (completion.done() > 0) {
            say.accept("resuming run " + runId + ": " + completion.done() + " of " + expected
                    + " (model, item) pairs were already scored or dead-lettered");
        }
        display.update("produce", 0, plan.items().size());
        display.draw(true);
        boolean sent = new ItemPublisher(bootstrap).publish(plan.manifest(), plan.items(), n -> {
            display.update("produce", n, plan.items().size());
            if (n % 200 == 0) {
                display.draw(false);
            }
        });
        display.update("produce", plan.items().size(), plan.items().size(), sent ? null : "sent by an earlier attempt");

        long lastMoved = System.nanoTime();
        long lastSignature = -1;
        while (!closed) {
            failIfStopped(generating, "generator");
            failIfStopped(scoring, "scorer");
            aggregator.ensureRunning();
            watch.refresh();
            RunResults results = PublishedResults.read(bootstrap, runId, Duration.ofSeconds(60));
            long aggregated = completion.aggregated(results.stats());
            boolean aggregatorCaughtUp = completion.aggregatorCaughtUp(results.stats());
            long signature = completion.generated() * 31 * 31 + completion.done() * 31 + aggregated;
            if (signature != lastSignature) {
                lastSignature = signature;
                lastMoved = System.nanoTime();
            }
            Duration still = Duration.ofNanos(System.nanoTime() - lastMoved);
            display.update("generate", completion.generated(), expected, note(generating, still));
            display.update("score", completion.done(), expected, note(scoring, still));
            display.update("aggregate", aggregated, expected,
                    aggregator.health().equals("running") ? (!aggregatorCaughtUp && still.compareTo(STALL) > 0 ? "stalled " + still.toSeconds() + " s" : null)
                            : aggregator.health());
            long foreign = completion.foreign().values().stream().mapToLong(Long::longValue).sum();
            if (foreign > 0) {
                display.update("foreign", foreign, -1, "keyed with run " + runId + ", standing for no expected item: not counted");
            }
            if (completion.allDone() && aggregatorCaughtUp) {
                display.draw(true);
                return outcome(completion, results, true, generating, scoring);
            }
            boolean idle = generating.caughtUp() && scoring.caughtUp() && aggregatorCaughtUp;
            if (idle && still.compareTo(QUIET) > 0) {
                display.draw(true);
                return outcome(completion, results, false, generating, scoring);
            }
            display.draw(false);
            Thread.sleep(TICK.toMillis());
        }
        throw new InterruptedException("the run was stopped before it finished; run the same command again to resume");
    }

    private static Outcome outcome(RunCompletion completion, RunResults results, boolean complete,
                                   TransactionalStage<?> generating, TransactionalStage<?> scoring) {
        Map<String, Long> byRun = new TreeMap<>(generating.deadLetteredByRun());
        scoring.deadLetteredByRun().forEach((run, n) -> byRun.merge(run, n, Long::sum));
        return new Outcome(results, completion.deadLetters(), complete, complete ? Map.of() : completion.missing(5),
                completion.foreign(), byRun);
    }

    /** What a stage's progress line adds: why it is not running, or that it has stalled. */
    private static String note(TransactionalStage<?> stage, Duration still) {
        if (!stage.status().equals("running")) {
            return stage.status();
        }
        return !stage.caughtUp() && still.compareTo(STALL) > 0 ? "stalled " + still.toSeconds() + " s" : null;
    }

    private static String seconds(long sinceNanos) {
        return String.format("%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
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
