package io.evalstream.cli.pipeline;

import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.producers.MmluCategory;
import io.evalstream.producers.MmluSuite;
import io.evalstream.producers.MmluSuiteOptions;
import io.evalstream.producers.SpiderDataset;
import io.evalstream.producers.SpiderOptions;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.RunManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The items of a run and its manifest, built from the config and the data folder. */
public record RunPlan(ExperimentConfig config, Path dataDir, List<EvalItem> items, RunManifest manifest) {

    public static RunPlan build(ExperimentConfig config, Path dataDir, Map<String, String> versions) {
        List<EvalItem> items = new ArrayList<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        Map<String, List<String>> itemIds = new LinkedHashMap<>();
        if (config.spider() != null) {
            ExperimentConfig.SpiderConfig s = config.spider();
            List<EvalItem> spider = SpiderDataset.read(dataDir, config.runId(),
                    new SpiderOptions(s.split(), s.limit(), s.fewShotTrainIds()));
            items.addAll(spider);
            expected.put(Benchmark.SPIDER.name(), spider.size());
            itemIds.put(Benchmark.SPIDER.name(), spider.stream().map(EvalItem::getItemId).toList());
        }
        if (config.mmlu() != null) {
            List<EvalItem> mmlu = MmluSuite.build(dataDir, config.runId(), mmluOptions(config));
            items.addAll(mmlu);
            expected.put(Benchmark.MMLU.name(), mmlu.size());
            itemIds.put(Benchmark.MMLU.name(), mmlu.stream().map(EvalItem::getItemId).toList());
        }
        List<ModelInfo> models = new ArrayList<>();
        for (ExperimentConfig.ModelConfig m : config.models()) {
            models.add(ModelInfo.newBuilder().setModelId(m.id()).setKind(m.kind())
                    .setBase(m.id().equals(config.baseModel()))
                    .setSource(m.path() != null ? m.path().toString()
                            : m.spiderPredictions() != null ? m.spiderPredictions().toString()
                            : m.mmluPredictions() != null ? m.mmluPredictions().toString() : null)
                    .build());
            for (Map.Entry<String, Path> a : m.adapters().entrySet()) {
                models.add(ModelInfo.newBuilder().setModelId(a.getKey()).setKind("llm-adapter")
                        .setBase(a.getKey().equals(config.baseModel())).setSource(a.getValue().toString())
                        .setAdapter(AdapterInfoReader.read(a.getKey(), a.getValue())).build());
            }
        }
        RunManifest manifest = RunManifest.newBuilder()
                .setRunId(config.runId())
                .setConfigSha256(config.sha256())
                .setItemsSha256(itemsSha256(items))
                .setSeed(config.seed())
                .setExpectedItems(expected)
                .setItemIds(itemIds)
                .setModels(models)
                .setVersions(versions)
                .setStartedAt(System.currentTimeMillis())
                .build();
        return new RunPlan(config, dataDir, items, manifest);
    }

    private static MmluSuiteOptions mmluOptions(ExperimentConfig config) {
        ExperimentConfig.MmluConfig m = config.mmlu();
        if (m.subjects().isEmpty()) {
            MmluSuiteOptions d = MmluSuiteOptions.defaults(config.seed());
            return new MmluSuiteOptions(d.subjects(), m.perCategory(), config.seed(), m.kShot());
        }
        Map<MmluCategory, List<String>> subjects = new LinkedHashMap<>();
        m.subjects().forEach((label, list) -> subjects.put(MmluCategory.ofLabel(label), list));
        return new MmluSuiteOptions(subjects, m.perCategory(), config.seed(), m.kShot());
    }

    /** What identifies the items: their ids, questions and gold answers, in order. */
    static String itemsSha256(List<EvalItem> items) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (EvalItem item : items) {
                for (String part : new String[] {item.getItemId(), item.getQuestion(), item.getGold()}) {
                    digest.update(part.getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Predictions (and so scores) the run must end with: items times model ids. */
    public long expectedPredictions() {
        return (long) items.size() * config.modelIds().size();
    }
}
