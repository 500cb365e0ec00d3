package io.evalstream.scorer;

import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.RecordProcessor;
import io.evalstream.stages.StageSettings;
import io.evalstream.stages.TransactionalStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scorer stage: consumes the predictions of one run and writes one score per prediction, in
 * the same transaction as the consumed offsets, so each prediction is scored exactly once. A
 * batch is scored by a pool of workers (SQLite queries are the cost); results are written in
 * input order by the polling thread, which owns the transaction.
 */
public final class ScorerStage implements RecordProcessor<Prediction>, AutoCloseable {
    public static final String NAME = "scorer";

    private final ScoringMetrics metrics;
    private final ExecutorService workers;

    public ScorerStage(ScoringMetrics metrics, int workers) {
        this.metrics = metrics;
        this.workers = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "scorer-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public static TransactionalStage<Prediction> create(StageSettings settings, String runId, ScorerStage scorer) {
        return new TransactionalStage<>(settings, Topics.PREDICTIONS, p -> runId.equals(p.getRunId()), scorer);
    }

    @Override
    public void process(List<Input<Prediction>> batch, Output output) throws InterruptedException {
        List<Future<Score>> futures = new ArrayList<>(batch.size());
        for (Input<Prediction> input : batch) {
            futures.add(workers.submit(() -> metrics.score(input.value())));
        }
        for (int i = 0; i < batch.size(); i++) {
            try {
                Score score = futures.get(i).get();
                output.send(Topics.SCORES, score);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                Prediction p = batch.get(i).value();
                output.deadLetter(batch.get(i), p.getPredictionId(), DeadLetterKind.PROCESSING_ERROR,
                        "cannot score " + p.getPredictionId() + ": " + cause);
            }
        }
    }

    /** Metric name to version, as written into the scores. */
    public Map<String, String> versions() {
        return metrics.versions();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        metrics.close();
    }
}
