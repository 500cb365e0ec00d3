package io.evalstream.aggregator.report;

import io.evalstream.aggregator.report.ReportDocument.Block;
import io.evalstream.aggregator.report.ReportDocument.Cell;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The report's closing sections: what went wrong, how the adapters were trained, and what the run depends on. */
final class DiagnosisSections {

    static ReportDocument.Section errors(StudyReport report) {
        List<Block> blocks = new ArrayList<>();
        Map<String, List<StudyReport.OutcomeCount>> byTable = new LinkedHashMap<>();
        report.outcomes().forEach(o -> byTable.computeIfAbsent(o.benchmark() + " " + o.metricKey(), k -> new ArrayList<>()).add(o));
        for (Map.Entry<String, List<StudyReport.OutcomeCount>> e : byTable.entrySet()) {
            TreeSet<String> outcomes = new TreeSet<>();
            Map<String, Map<String, Long>> byModel = new LinkedHashMap<>();
            for (StudyReport.OutcomeCount o : e.getValue()) {
                outcomes.add(o.outcome());
                byModel.computeIfAbsent(o.modelId(), m -> new LinkedHashMap<>()).put(o.outcome(), o.count());
            }
            List<String> header = new ArrayList<>(List.of("model"));
            header.addAll(outcomes);
            List<List<Cell>> rows = new ArrayList<>();
            byModel.forEach((model, counts) -> {
                List<Cell> row = new ArrayList<>(List.of(Cell.of(model)));
                outcomes.forEach(o -> row.add(Cell.num(Long.toString(counts.getOrDefault(o, 0L)))));
                rows.add(row);
            });
            blocks.add(new ReportDocument.Table("outcomes-" + e.getKey(), "Outcome classes, " + e.getKey(), header, rows));
        }
        if (report.examples().isEmpty()) {
            blocks.add(new ReportDocument.Paragraph("note", report.headline().isEmpty()
                    ? "No fine-tuned model: no item where the base model was right and a fine-tuned one wrong."
                    : "No item where the base model was right and a fine-tuned model wrong."));
        } else {
            blocks.add(new ReportDocument.Paragraph("text", "Items the base model (" + report.baseModelId() + ") got right and"
                    + " a fine-tuned model got wrong, drawn with the run's seed (" + report.reproducibility().seed() + "):"));
        }
        for (StudyReport.ErrorExample x : report.examples()) {
            List<ReportDocument.Field> fields = new ArrayList<>();
            fields.add(new ReportDocument.Field("item", x.itemId() + " (" + x.group() + ", " + x.category() + ")", false));
            fields.add(new ReportDocument.Field("question", orUnknown(x.question(), "not on the items topic"), false));
            fields.add(new ReportDocument.Field("gold", orUnknown(x.gold(), "unknown"), true));
            fields.add(new ReportDocument.Field("raw reply", orUnknown(x.rawReply(), "not recorded"), true));
            if (x.benchmark().equals("SPIDER")) {
                fields.add(new ReportDocument.Field("executed SQL", orUnknown(x.executedSql(), "not recorded by this score"), true));
            }
            fields.add(new ReportDocument.Field("outcome", x.outcome() + (x.reason() == null ? "" : ": " + x.reason()), false));
            fields.add(new ReportDocument.Field(report.baseModelId() + " replied", orUnknown(x.baseReply(), "not recorded"), true));
            blocks.add(new ReportDocument.Fields(x.modelId() + " – " + x.benchmark() + " " + x.itemId(), fields));
        }
        return new ReportDocument.Section("errors", "Error analysis", blocks);
    }

    static ReportDocument.Section training(StudyReport report) {
        List<Block> blocks = new ArrayList<>();
        if (report.training().isEmpty()) {
            blocks.add(new ReportDocument.Paragraph("note", "No LoRA adapter in this run (or the manifest has no adapter"
                    + " configuration)."));
            return new ReportDocument.Section("training", "Training", blocks);
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (StudyReport.AdapterTraining t : report.training()) {
            TrainingSummary s = t.summary();
            double scale = t.useRslora() ? t.loraAlpha() / Math.sqrt(t.r()) : t.loraAlpha() / t.r();
            rows.add(List.of(Cell.of(t.modelId()), Cell.num(Integer.toString(t.r())), Cell.num(ReportNumbers.decimal(t.loraAlpha(), 0)),
                    Cell.num(ReportNumbers.decimal(scale, 3)), Cell.num(ReportNumbers.decimal(t.loraDropout(), 2)),
                    Cell.of(t.useRslora() ? "yes" : "no"), Cell.of(String.join(", ", t.targetModules())),
                    Cell.of(orUnknown(t.peftVersion(), ReportNumbers.NONE)),
                    Cell.num(s == null || s.learningRate() == null ? ReportNumbers.NONE : BigDecimal.valueOf(s.learningRate()).toPlainString()),
                    Cell.num(s == null ? ReportNumbers.NONE : epochs(s)),
                    Cell.num(s == null || s.steps() == null ? ReportNumbers.NONE : s.steps().toString()),
                    Cell.num(s == null || s.examples() == null ? ReportNumbers.NONE : s.examples().toString()),
                    Cell.num(s == null || s.lossFirst() == null ? ReportNumbers.NONE
                            : ReportNumbers.decimal(s.lossFirst(), 3) + " → " + ReportNumbers.decimal(s.lossLast(), 3)),
                    Cell.of(s == null ? "no training_summary.json" : s.parseError() != null ? s.parseError()
                            : orUnknown(s.device(), "?") + ", " + orUnknown(s.dtype(), "?") + ", " + orUnknown(s.trainer(), "?"))));
        }
        blocks.add(new ReportDocument.Table("training-table", "Adapters (adapter_config.json; fine-tuning summary where present)",
                List.of("adapter", "r", "alpha", "scale", "dropout", "rsLoRA", "target modules", "PEFT", "learning rate",
                        "epochs", "steps", "examples", "loss first → last", "trained on"), rows));
        return new ReportDocument.Section("training", "Training", blocks);
    }

    static ReportDocument.Section reproducibility(StudyReport report) {
        StudyReport.Reproducibility r = report.reproducibility();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new ReportDocument.Fields("Run", List.of(
                new ReportDocument.Field("run id", r.runId(), true),
                new ReportDocument.Field("seed", Long.toString(r.seed()), true),
                new ReportDocument.Field("config sha256", orUnknown(r.configSha256(), "unknown (no manifest)"), true),
                new ReportDocument.Field("items sha256", orUnknown(r.itemsSha256(), "unknown"), true),
                new ReportDocument.Field("started", r.startedAt() == 0 ? "unknown" : Instant.ofEpochMilli(r.startedAt()).toString(), false),
                new ReportDocument.Field("bootstrap", "10,000 resamples, seed " + r.bootstrapSeed(), false))));
        List<List<Cell>> models = new ArrayList<>();
        for (StudyReport.ModelProvenance m : r.models()) {
            models.add(List.of(Cell.of(m.modelId() + (m.base() ? " (base)" : "")), Cell.of(m.kind()),
                    Cell.of(orUnknown(m.source(), ReportNumbers.NONE)),
                    code(m.sha256() != null ? List.of(m.sha256()) : m.modelSha256()), code(m.adapterSha256()),
                    Cell.of(join(m.promptTemplates())), Cell.num(Long.toString(m.promptHashes())), Cell.of(join(m.runtimes()))));
        }
        blocks.add(new ReportDocument.Table("models-table", "Models", List.of("model", "kind", "source", "weights sha256",
                "adapter sha256", "prompt templates", "prompt hashes", "runtime (device, dtype, libtorch)"), models));
        List<List<Cell>> versions = new ArrayList<>();
        r.versions().forEach((k, v) -> versions.add(List.of(Cell.of(k), new Cell(v, Map.of(), "code"))));
        blocks.add(new ReportDocument.Table("versions-table", "Versions (libraries, metrics, prompt templates, device and dtype)",
                List.of("component", "version"), versions));
        return new ReportDocument.Section("reproducibility", "Reproducibility", blocks);
    }

    private static Cell code(List<String> hashes) {
        return new Cell(join(hashes), Map.of(), "code");
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? ReportNumbers.NONE : String.join(", ", values);
    }

    private static String epochs(TrainingSummary s) {
        if (s.epochs() == null && s.epochsRun() == null) {
            return ReportNumbers.NONE;
        }
        return s.epochsRun() != null && !s.epochsRun().equals(s.epochs()) ? s.epochsRun() + " of " + s.epochs() : String.valueOf(s.epochs());
    }

    private static String orUnknown(String value, String unknown) {
        return value == null ? unknown : value;
    }

    private DiagnosisSections() {
    }
}
