package io.evalstream.cli.sft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evalstream.generator.prompt.SpiderPrompt;
import io.evalstream.generator.prompt.TrainingPrompt;
import io.evalstream.generator.prompt.TrainingPromptRenderer;
import io.evalstream.producers.SftExample;
import io.evalstream.producers.SftLeakage;
import io.evalstream.producers.SpiderTrainSet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code evalstream export-sft}: Spider's train split as a supervised fine-tuning set, the prompts
 * rendered by the generator's own code with the base model's chat template, so an adapter is
 * trained on exactly the prompt it is evaluated with (scripts/sft/dataset.py reads the result).
 *
 * <p>{@code train.jsonl}: one record a line, {@code {"id", "db_id", "question", "prompt",
 * "completion", "prompt_sha256", "template", "chat_rendered"}} ({@code "few_shot_ids"} too in the
 * few-shot style). {@code prompt_sha256} is the hash a prediction records for the same prompt.
 * {@code chat_rendered} false marks a plain-text prompt, which the engine encodes with the
 * tokenizer's special tokens (BOS) added, as the fine-tuning recipe then does too.
 *
 * <p>{@code manifest.json}: the data hash, template, count, chat template hash, seed, limit, style,
 * source file hashes and the leakage report. A dev database among the examples is refused unless
 * allowed, and recorded either way.
 */
public final class SftExport {
    public static final String FORMAT = "evalstream-sft-export/1";
    public static final String TRAIN_FILE = "train.jsonl";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String ALLOW_FLAG = "--allow-dev-databases";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was written. */
    public record Result(Path trainFile, Path manifestFile, int count, String dataSha256, SftLeakage leakage) {
    }

    private SftExport() {
    }

    public static Result run(SftExportOptions options, PrintStream log) throws IOException {
        List<SftExample> train = SpiderTrainSet.read(options.dataDir());
        List<SftExample> selected = SpiderTrainSet.select(train, options.seed(), options.limit());
        if (options.style() == SpiderPrompt.Style.FEW_SHOT && !selected.isEmpty()) {
            SpiderTrainSet.shotsFor(selected.get(0), train, options.fewShotTrainIds()); // bad indices fail before any work
        }
        SftLeakage leakage = SftLeakage.analyse(options.dataDir(), selected);
        leakage.requireNoDevDatabases(options.allowDevDatabases(), ALLOW_FLAG);
        if (!Files.isDirectory(options.modelDir())) {
            throw new IllegalArgumentException("--model " + options.modelDir() + " is not a folder (the base model's Hugging Face folder; "
                    + "its tokenizer.json and tokenizer_config.json are read)");
        }

        Files.createDirectories(options.outDir());
        Path trainFile = options.outDir().resolve(TRAIN_FILE);
        Path partial = options.outDir().resolve(TRAIN_FILE + ".partial");
        MessageDigest digest = sha256();
        try (TrainingPromptRenderer renderer = TrainingPromptRenderer.open(options.modelDir())) {
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                    new DigestOutputStream(Files.newOutputStream(partial), digest), StandardCharsets.UTF_8))) {
                for (SftExample example : selected) {
                    out.write(JSON.writeValueAsString(record(example, train, renderer, options)));
                    out.write('\n');
                }
            }
            Files.move(partial, trainFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String dataSha256 = HexFormat.of().formatHex(digest.digest());
            Path manifestFile = options.outDir().resolve(MANIFEST_FILE);
            Files.writeString(manifestFile, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(manifest(options, renderer, train.size(), selected.size(), dataSha256, leakage)) + "\n");
            log.printf("exported %d of %d Spider train examples (%s, %s prompts) to %s%n", selected.size(), train.size(),
                    template(options), renderer.chat() ? "chat-template" : "plain-text", trainFile);
            log.printf("leakage: %d dev databases among the %d training databases%s; %d questions also asked in dev (%d examples)%n",
                    leakage.devDatabasesInTrain().size(), leakage.trainDatabases(),
                    leakage.devDatabasesInTrain().isEmpty() ? "" : " " + leakage.devDatabasesInTrain() + ", allowed by " + ALLOW_FLAG,
                    leakage.questionsInDev().size(), leakage.trainExamplesWithDevQuestions());
            return new Result(trainFile, manifestFile, selected.size(), dataSha256, leakage);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static ObjectNode record(SftExample example, List<SftExample> train, TrainingPromptRenderer renderer, SftExportOptions options) {
        List<SftExample> shots = options.style() == SpiderPrompt.Style.FEW_SHOT
                ? SpiderTrainSet.shotsFor(example, train, options.fewShotTrainIds()) : List.of();
        TrainingPrompt t = renderer.render(example.example(), shots.stream().map(SftExample::example).toList(), options.style(),
                "train example " + example.id());
        ObjectNode line = JSON.createObjectNode()
                .put("id", example.id())
                .put("db_id", example.example().getDbId())
                .put("question", example.example().getQuestion())
                .put("prompt", t.prompt().text())
                .put("completion", t.completion())
                .put("prompt_sha256", t.prompt().sha256())
                .put("template", t.prompt().template())
                .put("chat_rendered", t.prompt().chatRendered());
        if (!shots.isEmpty()) {
            ArrayNode ids = line.putArray("few_shot_ids");
            shots.forEach(shot -> ids.add(shot.id()));
        }
        return line;
    }

    private static ObjectNode manifest(SftExportOptions options, TrainingPromptRenderer renderer, int trainExamples, int count,
                                       String dataSha256, SftLeakage leakage) throws IOException {
        ObjectNode m = JSON.createObjectNode()
                .put("format", FORMAT)
                .put("data_sha256", dataSha256)
                .put("template", template(options))
                .put("style", options.style() == SpiderPrompt.Style.FEW_SHOT ? "few_shot" : "zero_shot")
                .put("count", count)
                .put("chat_template_sha256", renderer.chatTemplateSha256())
                .put("seed", options.seed());
        if (options.limit() == 0) {
            m.putNull("limit");
        } else {
            m.put("limit", options.limit());
        }
        ArrayNode shotIds = m.putArray("few_shot_train_ids");
        options.fewShotTrainIds().forEach(shotIds::add);
        ObjectNode model = m.putObject("model")
                .put("path", options.modelDir().toAbsolutePath().normalize().toString())
                .put("chat_rendered", renderer.chat());
        ArrayNode eos = model.putArray("end_of_sequence");
        renderer.endOfSequence().forEach(eos::add);
        Path spider = options.dataDir().resolve("spider");
        m.putObject("source")
                .put("train_file", spider.resolve("train_spider.reduced.json").toAbsolutePath().normalize().toString())
                .put("train_sha256", sha256(spider.resolve("train_spider.reduced.json")))
                .put("train_examples", trainExamples)
                .put("tables_sha256", sha256(spider.resolve("tables.json")))
                .put("dev_sha256", sha256(spider.resolve("dev.json")));
        ObjectNode l = m.putObject("leakage")
                .put("train_databases", leakage.trainDatabases())
                .put("dev_databases", leakage.devDatabases().size())
                .put("dev_databases_allowed", options.allowDevDatabases());
        ObjectNode inTrain = l.putObject("dev_databases_in_train");
        leakage.devDatabasesInTrain().forEach(inTrain::put);
        ObjectNode questions = l.putObject("questions_in_dev")
                .put("count", leakage.questionsInDev().size())
                .put("train_examples", leakage.trainExamplesWithDevQuestions());
        ArrayNode list = questions.putArray("questions");
        for (SftLeakage.SharedQuestion q : leakage.questionsInDev()) {
            ObjectNode entry = list.addObject().put("question", q.question());
            q.trainIds().forEach(entry.putArray("train_ids")::add);
            q.devIds().forEach(entry.putArray("dev_ids")::add);
        }
        return m;
    }

    private static String template(SftExportOptions options) {
        return options.style() == SpiderPrompt.Style.FEW_SHOT ? SpiderPrompt.FEW_SHOT : SpiderPrompt.ZERO_SHOT;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
