package io.evalstream.cli.pipeline;

import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.ReplayModel;
import io.evalstream.metrics.predictions.LetterPredictionsFile;
import io.evalstream.metrics.predictions.PredictionLines;
import io.evalstream.metrics.predictions.SpiderPredictionsFile;
import io.evalstream.metrics.spider.SpiderDevSet;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a replay model's predictions files with the one reader of custom_metrics (the one that
 * {@code score-file} and the JUnit per-item tests use) and hands the generator's
 * {@link ReplayModel} the answer of every item of the run. A bad file (wrong line count, a db_id
 * column that disagrees with dev.json, bytes that are not UTF-8, a NUL byte, an empty file) is
 * refused here, before any record is produced, with the file and line named.
 */
final class ReplayPredictions {
    private ReplayPredictions() {
    }

    static ReplayModel load(ExperimentConfig.ModelConfig m, Path dataDir, List<EvalItem> items) {
        Map<String, String> answers = new HashMap<>();
        List<String> sources = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        if (m.spiderPredictions() != null) {
            PredictionLines file = PredictionLines.read(m.spiderPredictions());
            List<String> byDevIndex = SpiderPredictionsFile.read(file, SpiderDevSet.read(dataDir));
            for (EvalItem item : of(items, Benchmark.SPIDER)) {
                if (!item.getItemId().startsWith("spider-dev-")) {
                    throw new IllegalArgumentException("model " + m.id() + " replays " + m.spiderPredictions()
                            + ", a file aligned with dev.json, but the run's Spider items are not the dev split (" + item.getItemId() + ")");
                }
                answers.put(item.getItemId(), byDevIndex.get(item.getIndex()));
            }
            sources.add(m.spiderPredictions().toString());
            hashes.add(file.sha256());
        }
        if (m.mmluPredictions() != null) {
            PredictionLines file = PredictionLines.read(m.mmluPredictions());
            List<String> ids = of(items, Benchmark.MMLU).stream().map(EvalItem::getItemId).toList();
            answers.putAll(LetterPredictionsFile.read(file, ids));
            sources.add(m.mmluPredictions().toString());
            hashes.add(file.sha256());
        }
        return new ReplayModel(m.id(), answers, String.join(",", sources), String.join(",", hashes));
    }

    private static List<EvalItem> of(List<EvalItem> items, Benchmark benchmark) {
        return items.stream().filter(i -> i.getBenchmark() == benchmark).sorted(Comparator.comparingInt(EvalItem::getIndex)).toList();
    }
}
