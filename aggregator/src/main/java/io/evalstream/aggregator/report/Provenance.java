package io.evalstream.aggregator.report;

import io.evalstream.schemas.AdapterInfo;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RunManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The report's last two sections, from the run manifest and the predictions: each adapter's
 * training configuration, and what the run's numbers depend on (run id, seed, config and item
 * hashes, model and adapter hashes, prompt templates, metric and library versions, device and dtype).
 */
final class Provenance {

    static List<StudyReport.AdapterTraining> training(RunManifest manifest) {
        List<StudyReport.AdapterTraining> out = new ArrayList<>();
        if (manifest == null) {
            return out;
        }
        for (ModelInfo m : manifest.getModels()) {
            AdapterInfo a = m.getAdapter();
            if (a == null) {
                continue;
            }
            TrainingSummary summary = a.getTrainingSummary() == null ? null
                    : TrainingSummary.parse(a.getTrainingSummary(), a.getTrainingSummarySha256());
            out.add(new StudyReport.AdapterTraining(m.getModelId(), a.getR(), a.getLoraAlpha(), a.getLoraDropout(),
                    a.getUseRslora(), List.copyOf(a.getTargetModules()), a.getPeftVersion(), a.getAdapterConfigSha256(),
                    summary));
        }
        return out;
    }

    static StudyReport.Reproducibility reproducibility(String runId, RunManifest manifest, List<Prediction> predictions,
                                                       long bootstrapSeed) {
        Map<String, List<Prediction>> byModel = new TreeMap<>();
        predictions.forEach(p -> byModel.computeIfAbsent(p.getModelId(), k -> new ArrayList<>()).add(p));
        List<StudyReport.ModelProvenance> models = new ArrayList<>();
        if (manifest != null) {
            for (ModelInfo m : manifest.getModels()) {
                models.add(provenance(m.getModelId(), m.getKind(), m.getBase(), m.getSource(), m.getSha256(),
                        byModel.getOrDefault(m.getModelId(), List.of())));
                byModel.remove(m.getModelId());
            }
        }
        // models with predictions that the manifest does not list (or no manifest at all) still say what they recorded
        byModel.forEach((id, list) -> models.add(provenance(id, "?", false, null, null, list)));
        return manifest == null
                ? new StudyReport.Reproducibility(runId, 0, null, null, 0, bootstrapSeed, models, Map.of())
                : new StudyReport.Reproducibility(runId, manifest.getSeed(), manifest.getConfigSha256(),
                        manifest.getItemsSha256(), manifest.getStartedAt(), bootstrapSeed, models,
                        new TreeMap<>(manifest.getVersions()));
    }

    private static StudyReport.ModelProvenance provenance(String id, String kind, boolean base, String source, String sha256,
                                                          List<Prediction> predictions) {
        return new StudyReport.ModelProvenance(id, kind, base, source, sha256,
                distinct(predictions, Prediction::getModelSha256), distinct(predictions, Prediction::getAdapterSha256),
                distinct(predictions, Prediction::getPromptTemplate), distinct(predictions, Prediction::getRuntime),
                predictions.stream().map(Prediction::getPromptSha256).filter(Objects::nonNull).distinct().count());
    }

    private static List<String> distinct(List<Prediction> predictions, Function<Prediction, String> field) {
        TreeSet<String> values = new TreeSet<>();
        predictions.stream().map(field).filter(Objects::nonNull).forEach(values::add);
        return List.copyOf(values);
    }

    private Provenance() {
    }
}
