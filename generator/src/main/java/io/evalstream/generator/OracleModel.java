package io.evalstream.generator;

import java.util.List;

/**
 * Answers every item with its gold answer. Not a joke: it checks the whole pipeline, since every
 * scorable item must then score 1 and any other number is a bug in producing, scoring or counting.
 */
public final class OracleModel implements Model {
    public static final String KIND = "oracle";
    private final String modelId;

    public OracleModel(String modelId) {
        this.modelId = modelId;
    }

    @Override
    public List<String> modelIds() {
        return List.of(modelId);
    }

    @Override
    public ModelIdentity identity(String id) {
        return new ModelIdentity(KIND, null, null, null);
    }

    @Override
    public List<ModelAnswer> answer(List<Request> requests) {
        return requests.stream().map(r -> ModelAnswer.text(r.item().getGold())).toList();
    }
}
