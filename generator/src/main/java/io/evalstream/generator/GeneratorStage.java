package io.evalstream.generator;

import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.RecordProcessor;
import io.evalstream.stages.StageSettings;
import io.evalstream.stages.TransactionalStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator stage: consumes the items of one run and writes one prediction per item and model
 * id. Items whose database is missing are passed through as unscorable predictions without asking
 * the model, so they are reported, never silently dropped.
 */
public final class GeneratorStage implements RecordProcessor<EvalItem> {
    public static final String NAME = "generator";

    private final Model model;

    public GeneratorStage(Model model) {
        this.model = model;
    }

    /** A runnable stage bound to a run; run it on its own thread, close it to stop. */
    public static TransactionalStage<EvalItem> create(StageSettings settings, String runId, Model model) {
        return new TransactionalStage<>(settings, Topics.ITEMS, item -> runId.equals(item.getRunId()),
                new GeneratorStage(model));
    }

    /**
     * Generates first and sends afterwards: the transaction's timer starts at its first send, so
     * a slow batch of generations does not eat into the transaction timeout.
     */
    @Override
    public void process(List<Input<EvalItem>> batch, Output output) {
        List<Model.Request> requests = new ArrayList<>();
        List<Input<EvalItem>> origins = new ArrayList<>();
        for (Input<EvalItem> input : batch) {
            if (input.value().getUnscorableReason() == null) {
                for (String modelId : model.modelIds()) {
                    requests.add(new Model.Request(modelId, input.value()));
                    origins.add(input);
                }
            }
        }
        List<ModelAnswer> answers = null;
        long perItemMs = 0;
        if (!requests.isEmpty()) {
            long start = System.nanoTime();
            try {
                answers = model.answer(requests);
                if (answers.size() != requests.size()) {
                    throw new IllegalStateException("the model gave " + answers.size() + " answers to " + requests.size() + " requests");
                }
                perItemMs = (System.nanoTime() - start) / 1_000_000 / requests.size();
            } catch (RuntimeException batchFailure) {
                answers = null;
            }
        }
        for (Input<EvalItem> input : batch) {
            if (input.value().getUnscorableReason() != null) {
                for (String modelId : model.modelIds()) {
                    emitOrDeadLetter(output, input, modelId, null, 0);
                }
            }
        }
        if (answers == null && !requests.isEmpty()) {
            answerOneByOne(requests, origins, output);
            return;
        }
        for (int i = 0; i < requests.size(); i++) {
            emitOrDeadLetter(output, origins.get(i), requests.get(i).modelId(), answers.get(i), perItemMs);
        }
    }

    /**
     * After a batch failed, finds which requests fail and dead-letters only those. A request the
     * model cannot answer says so with an IllegalArgumentException; when every request fails with
     * something else, the model itself is broken (out of memory, a closed engine) and the batch
     * aborts instead, so its items are tried again rather than written off.
     */
    private void answerOneByOne(List<Model.Request> requests, List<Input<EvalItem>> origins, Output output) {
        List<RuntimeException> failures = new ArrayList<>();
        List<Runnable> sends = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Model.Request request = requests.get(i);
            Input<EvalItem> origin = origins.get(i);
            long start = System.nanoTime();
            try {
                ModelAnswer answer = model.answer(List.of(request)).get(0);
                long ms = (System.nanoTime() - start) / 1_000_000;
                sends.add(() -> emitOrDeadLetter(output, origin, request.modelId(), answer, ms));
            } catch (RuntimeException e) {
                failures.add(e);
                DeadLetterKind kind = e instanceof IllegalArgumentException ? DeadLetterKind.UNANSWERABLE_ITEM : DeadLetterKind.MODEL_ERROR;
                sends.add(() -> output.deadLetter(origin, predictionId(request.item(), request.modelId()), kind, "model "
                        + request.modelId() + " failed on item " + request.item().getItemId() + ": " + e.getMessage()));
            }
        }
        if (failures.size() == requests.size() && failures.stream().noneMatch(e -> e instanceof IllegalArgumentException)) {
            throw new IllegalStateException("every request of the batch failed; first: " + failures.get(0).getMessage(), failures.get(0));
        }
        sends.forEach(Runnable::run);
    }

    private void emitOrDeadLetter(Output output, Input<EvalItem> origin, String modelId, ModelAnswer answer, long latencyMs) {
        try {
            emit(output, modelId, origin.value(), answer, latencyMs);
        } catch (RuntimeException e) {
            output.deadLetter(origin, predictionId(origin.value(), modelId), DeadLetterKind.PROCESSING_ERROR,
                    "cannot write the prediction of model " + modelId + " for item " + origin.value().getItemId() + ": " + e.getMessage());
        }
    }

    /** The result a dead letter of this item and model stands in for, so the run's completion counts it. */
    private static String predictionId(EvalItem item, String modelId) {
        return RecordKeys.predictionId(item.getRunId(), modelId, item.getBenchmark(), item.getItemId());
    }

    private void emit(Output output, String modelId, EvalItem item, ModelAnswer answer, long latencyMs) {
        ModelIdentity identity = model.identity(modelId);
        String predictionId = predictionId(item, modelId);
        Prediction.Builder p = Prediction.newBuilder()
                .setPredictionId(predictionId)
                .setRunId(item.getRunId())
                .setModelId(modelId)
                .setBenchmark(item.getBenchmark())
                .setItemId(item.getItemId())
                .setIndex(item.getIndex())
                .setGroup(item.getGroup())
                .setCategory(item.getCategory())
                .setGold(item.getGold())
                .setDbId(item.getSpider() == null ? null : item.getSpider().getDbId())
                .setModelSha256(identity.sha256())
                .setAdapterSha256(identity.adapterSha256())
                .setRuntime(identity.runtime())
                .setUnscorableReason(item.getUnscorableReason())
                .setLatencyMs(latencyMs);
        if (answer == null) {
            p.setOutput("");
        } else if (answer.output() == null) {
            throw new IllegalStateException("the model returned no output");
        } else {
            p.setOutput(answer.output())
                    .setChoiceLogprobs(answer.choiceLogprobs())
                    .setPromptTemplate(answer.promptTemplate())
                    .setPromptSha256(answer.promptSha256())
                    .setTokensIn(answer.tokensIn())
                    .setTokensOut(answer.tokensOut());
        }
        output.send(Topics.PREDICTIONS, p.build());
    }
}
