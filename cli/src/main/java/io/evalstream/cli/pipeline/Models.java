package io.evalstream.cli.pipeline;

import io.evalstream.cli.config.ConfigException;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.Model;
import io.evalstream.generator.ModelAnswer;
import io.evalstream.generator.ModelIdentity;
import io.evalstream.generator.OracleModel;
import io.evalstream.schemas.EvalItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the config's model entries into one {@link Model} serving every model id of the run. */
public final class Models {

    /**
     * @param dataDir the data folder (replay files are checked against dev.json)
     * @param items   the run's items (a replay model must have an answer for each)
     */
    public static Model create(ExperimentConfig config, Path dataDir, List<EvalItem> items) {
        List<Model> models = new ArrayList<>();
        for (ExperimentConfig.ModelConfig m : config.models()) {
            models.add(switch (m.kind()) {
                case "oracle" -> new OracleModel(m.id());
                case "replay" -> ReplayPredictions.load(m, dataDir, items);
                case "llm" -> LlmModels.load(m);
                default -> throw new ConfigException(config.file() + ": model " + m.id() + " has unknown kind " + m.kind());
            });
        }
        return models.size() == 1 ? models.get(0) : new Composite(models);
    }

    /** Routes each request to the model that serves its id, keeping one batch per model. */
    static final class Composite implements Model {
        private final Map<String, Model> byId = new LinkedHashMap<>();
        private final List<Model> models;

        Composite(List<Model> models) {
            this.models = models;
            for (Model m : models) {
                for (String id : m.modelIds()) {
                    byId.put(id, m);
                }
            }
        }

        @Override
        public List<String> modelIds() {
            return List.copyOf(byId.keySet());
        }

        @Override
        public ModelIdentity identity(String modelId) {
            return byId.get(modelId).identity(modelId);
        }

        @Override
        public List<ModelAnswer> answer(List<Request> requests) {
            Map<Model, List<Integer>> positions = new LinkedHashMap<>();
            for (int i = 0; i < requests.size(); i++) {
                Model m = byId.get(requests.get(i).modelId());
                if (m == null) {
                    throw new IllegalArgumentException("no model serves id " + requests.get(i).modelId());
                }
                positions.computeIfAbsent(m, k -> new ArrayList<>()).add(i);
            }
            ModelAnswer[] answers = new ModelAnswer[requests.size()];
            for (Map.Entry<Model, List<Integer>> e : positions.entrySet()) {
                List<Request> sub = e.getValue().stream().map(requests::get).toList();
                List<ModelAnswer> subAnswers = e.getKey().answer(sub);
                for (int j = 0; j < sub.size(); j++) {
                    answers[e.getValue().get(j)] = subAnswers.get(j);
                }
            }
            return List.of(answers);
        }

        @Override
        public void close() {
            Map<Model, Boolean> closed = new HashMap<>();
            for (Model m : models) {
                if (closed.putIfAbsent(m, true) == null) {
                    m.close();
                }
            }
        }
    }

    private Models() {
    }
}
