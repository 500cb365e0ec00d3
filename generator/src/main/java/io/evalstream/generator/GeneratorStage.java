package io.evalstream.generator;

import io.evalstream.schemas.AvroSerde;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Topics;
import io.evalstream.schemas.stage.RecordProcessor;
import io.evalstream.schemas.stage.StageSettings;
import io.evalstream.schemas.stage.TransactionalStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator stage: consumes the items of one run and writes one prediction per item and model
 * id. Items whose database is missing are passed through as unscorable predictions without asking
 * the model, so they are reported, never silently dropped.
 */
public final class GeneratorStage implements RecordProcessor<EvalItem> {
    public static final String NAME = "generator";
    private static final AvroSerde<EvalItem> ITEMS = AvroSerde.of(EvalItem.class);
    private static final AvroSerde<Prediction> PREDICTIONS = AvroSerde.of(Prediction.class);

    private final Model model;

    public GeneratorStage(Model model) {
        this.model = model;
    }

    /** A runnable stage bound to a run; run it on its own thread, close it to stop. */
    public static TransactionalStage<EvalItem> create(StageSettings settings, String runId, Model model) {
        return new TransactionalStage<>(settings, ITEMS::decode, item -> runId.equals(item.getRunId()),
                new GeneratorStage(model));
    }

    @Override
    public void process(List<Input<EvalItem>> batch, Output output) {
        List<Model.Request> requests = new ArrayList<>();
        List<Input<EvalItem>> origins = new ArrayList<>();
        for (Input<EvalItem> input : batch) {
            for (String modelId : model.modelIds()) {
                if (input.value().getUnscorableReason() != null) {
                    emit(output, modelId, input.value(), null, 0);
                } else {
                    requests.add(new Model.Request(modelId, input.value()));
                    origins.add(input);
                }
            }
        }
        if (requests.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<ModelAnswer> answers;
        try {
            answers = model.answer(requests);
        } catch (RuntimeException batchFailure) {
            answersOneByOne(requests, origins, output);
            return;
        }
        long perItemMs = (System.nanoTime() - start) / 1_000_000 / requests.size();
        for (int i = 0; i < requests.size(); i++) {
            emit(output, requests.get(i).modelId(), requests.get(i).item(), answers.get(i), perItemMs);
        }
    }

    /** After a batch failed, finds which requests fail and dead-letters only those. */
    private void answersOneByOne(List<Model.Request> requests, List<Input<EvalItem>> origins, Output output) {
        for (int i = 0; i < requests.size(); i++) {
            Model.Request request = requests.get(i);
            long start = System.nanoTime();
            try {
                ModelAnswer answer = model.answer(List.of(request)).get(0);
                emit(output, request.modelId(), request.item(), answer, (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                output.deadLetter(origins.get(i), "model " + request.modelId() + " failed on item "
                        + request.item().getItemId() + ": " + e.getMessage());
            }
        }
    }

    private void emit(Output output, String modelId, EvalItem item, ModelAnswer answer, long latencyMs) {
        ModelIdentity identity = model.identity(modelId);
        String predictionId = RecordKeys.predictionId(item.getRunId(), modelId, item.getBenchmark(), item.getItemId());
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
                .setUnscorableReason(item.getUnscorableReason())
                .setLatencyMs(latencyMs);
        if (answer == null) {
            p.setOutput("");
        } else {
            p.setOutput(answer.output())
                    .setChoiceLogprobs(answer.choiceLogprobs())
                    .setPromptTemplate(answer.promptTemplate())
                    .setPromptSha256(answer.promptSha256())
                    .setTokensIn(answer.tokensIn())
                    .setTokensOut(answer.tokensOut());
        }
        output.send(Topics.PREDICTIONS, predictionId, PREDICTIONS.encode(p.build()));
    }
}
