package io.evalstream.generator;

import java.util.List;
import java.util.Map;

/**
 * Replays predictions made elsewhere: it serves, by item id, answers that the caller has
 * already read and validated (the cli reads predictions files with the one reader of
 * custom_metrics, so {@code replay}, {@code score-file} and the JUnit per-item tests see the same
 * predictions, and a bad file is refused before any record is produced). Answers are served
 * exactly as read. An item the answers do not cover is an error naming it.
 */
public final class ReplayModel implements Model {
    public static final String KIND = "replay";

    private final String modelId;
    private final Map<String, String> answersByItemId;
    private final String source;
    private final String sha256;

    /**
     * @param answersByItemId the answer of every item this model will be asked about
     * @param source          where the answers came from (the predictions files), for the run record
     * @param sha256          hash of those files' bytes
     */
    public ReplayModel(String modelId, Map<String, String> answersByItemId, String source, String sha256) {
        this.modelId = modelId;
        this.answersByItemId = Map.copyOf(answersByItemId);
        this.source = source;
        this.sha256 = sha256;
    }

    @Override
    public List<String> modelIds() {
        return List.of(modelId);
    }

    @Override
    public ModelIdentity identity(String id) {
        return new ModelIdentity(KIND, source, sha256, null);
    }

    @Override
    public List<ModelAnswer> answer(List<Request> requests) {
        return requests.stream().map(r -> {
            String answer = answersByItemId.get(r.item().getItemId());
            if (answer == null) {
                throw new IllegalArgumentException("the replayed predictions (" + source + ") have no answer for item "
                        + r.item().getItemId() + " (" + r.item().getBenchmark() + ")");
            }
            return ModelAnswer.text(answer);
        }).toList();
    }
}
