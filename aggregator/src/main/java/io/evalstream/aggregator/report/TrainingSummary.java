package io.evalstream.aggregator.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The figures of an adapter's {@code training_summary.json} (written by scripts/finetune.py) that
 * the report shows. A field the summary lacks is null; a summary that is not JSON keeps its
 * parse error, so the report says so instead of showing nothing.
 *
 * @param epochs         epochs configured; {@code epochsRun} those actually run (max_steps can stop early)
 * @param lossFirst      training loss at the first logged step; {@code lossLast} at the last
 */
public record TrainingSummary(String trainer, Double learningRate, Integer epochs, Integer epochsRun, Integer steps,
                              Integer examples, Double lossFirst, Double lossLast, Double trainSeconds,
                              Double tokensPerSecond, String device, String dtype, String template,
                              String configSha256, String sha256, String parseError) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public static TrainingSummary parse(String json, String sha256) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            return new TrainingSummary(null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, sha256, "training_summary.json is not JSON: " + e.getMessage());
        }
        JsonNode config = root.path("config");
        JsonNode loss = root.path("loss");
        return new TrainingSummary(text(root.path("trainer")), number(config.path("learning_rate")),
                integer(config.path("epochs")), integer(root.path("epochs_run")), integer(root.path("steps")),
                integer(root.path("data").path("examples_used")), number(loss.path("first")), number(loss.path("last")),
                number(root.path("train_seconds")), number(root.path("tokens_per_second")), text(root.path("device")),
                text(root.path("dtype")), text(root.path("data").path("template")), text(root.path("config_sha256")),
                sha256, null);
    }

    private static String text(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static Integer integer(JsonNode n) {
        return n.isIntegralNumber() ? n.asInt() : null;
    }
}
