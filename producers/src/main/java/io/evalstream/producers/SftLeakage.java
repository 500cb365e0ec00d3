package io.evalstream.producers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fine-tuning set shares with Spider's dev split, which the adapters are evaluated on.
 * A dev database in the training set is leakage (the adapter would have seen the schema and
 * questions it is scored on); Spider's splits are database-disjoint by design, so none should
 * appear. A question that also occurs in dev (on another database) is no leakage but is counted
 * and listed, so a reader can judge: today 6 of 7,000, all generic ("How many employees are there?").
 *
 * @param trainDatabases        distinct databases of the training examples
 * @param devDatabases          the dev split's databases, sorted
 * @param devDatabasesInTrain   dev database to the number of training examples on it, sorted; should be empty
 * @param questionsInDev        training questions that occur in dev, compared without case and extra whitespace
 */
public record SftLeakage(int trainDatabases, List<String> devDatabases, Map<String, Integer> devDatabasesInTrain,
                         List<SharedQuestion> questionsInDev) {

    /** A question of both splits, with the examples that ask it in each. */
    public record SharedQuestion(String question, List<String> trainIds, List<String> devIds) {
    }

    public SftLeakage {
        devDatabases = List.copyOf(devDatabases);
        devDatabasesInTrain = Collections.unmodifiableMap(new TreeMap<>(devDatabasesInTrain));
        questionsInDev = List.copyOf(questionsInDev);
    }

    /** Compares {@code training} with dev.json of the data folder. */
    public static SftLeakage analyse(Path dataDir, List<SftExample> training) {
        Path devFile = dataDir.resolve(SpiderDataset.SPIDER_DIR).resolve(SpiderDataset.DEV_FILE);
        Set<String> devDatabases = new TreeSet<>();
        Map<String, List<String>> devIdsByQuestion = new LinkedHashMap<>();
        for (JsonArrayFile.Element element : JsonArrayFile.read(devFile, DataSource.SPIDER, "a Spider dev item {db_id, question, query}")) {
            devDatabases.add(element.text("db_id"));
            devIdsByQuestion.computeIfAbsent(normalise(element.text("question")), q -> new ArrayList<>())
                    .add(SpiderDataset.itemId("dev", element.index()));
        }
        Set<String> trainDatabases = new LinkedHashSet<>();
        Map<String, Integer> devDatabasesInTrain = new TreeMap<>();
        Map<String, SharedQuestion> shared = new LinkedHashMap<>();
        for (SftExample e : training) {
            String db = e.example().getDbId();
            trainDatabases.add(db);
            if (devDatabases.contains(db)) {
                devDatabasesInTrain.merge(db, 1, Integer::sum);
            }
            String question = normalise(e.example().getQuestion());
            List<String> devIds = devIdsByQuestion.get(question);
            if (devIds != null) {
                shared.computeIfAbsent(question, q -> new SharedQuestion(e.example().getQuestion(), new ArrayList<>(), List.copyOf(devIds)))
                        .trainIds().add(e.id());
            }
        }
        List<SharedQuestion> questions = shared.values().stream()
                .map(q -> new SharedQuestion(q.question(), List.copyOf(q.trainIds()), q.devIds())).toList();
        return new SftLeakage(trainDatabases.size(), List.copyOf(devDatabases), devDatabasesInTrain, questions);
    }

    /** Training examples that ask a dev question. */
    public int trainExamplesWithDevQuestions() {
        return questionsInDev.stream().mapToInt(q -> q.trainIds().size()).sum();
    }

    /**
     * Refuses a training set with dev databases unless {@code allowed}: an adapter trained on
     * them would be scored on data it has seen.
     */
    public void requireNoDevDatabases(boolean allowed, String allowFlag) {
        if (!devDatabasesInTrain.isEmpty() && !allowed) {
            throw new IllegalStateException("the training set holds dev databases, which the adapters are evaluated on: "
                    + devDatabasesInTrain + " (database: training examples). Spider's train and dev splits share no database; "
                    + "check the data folder's train file, or pass " + allowFlag + " to export anyway (the overlap is recorded in the manifest)");
        }
    }

    private static String normalise(String question) {
        return question.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
