package io.evalstream.producers;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluExample;
import io.evalstream.schemas.MmluPayload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The MMLU suite: a fixed-size, seeded sample of test questions per category.
 *
 * <p>Sampling, per listed category in enum order (STEM, humanities, social sciences, other), so
 * that it is the same on every JVM and platform and one category's draw does not depend on
 * another's subjects:
 * <ol>
 *   <li>candidates = every test row of the category's subjects, sorted by (subject name, row);</li>
 *   <li>{@code rng = new java.util.Random(31 * seed + category.ordinal())} (java.util.Random's
 *       algorithm is fixed by its specification);</li>
 *   <li>partial Fisher-Yates: for i = 0 .. perCategory-1, swap candidate i with candidate
 *       {@code i + rng.nextInt(n - i)}; the first perCategory candidates are the sample;</li>
 *   <li>the sample is sorted by (subject, row) again, so a subject's questions are adjacent and
 *       share their few-shot prefix.</li>
 * </ol>
 */
public final class MmluSuite {
    public static final String TEST = "test";
    public static final String DEV = "dev";

    private MmluSuite() {
    }

    /**
     * Exactly {@code perCategory} items for each category listed in {@code options}, in suite
     * order: item_id {@code mmlu-<subject>-test-<row>}, index = position in the suite, group =
     * subject, category = {@link MmluCategory#label()}, gold = the letter, and the first
     * {@code kShot} rows of the subject's dev split as few-shot examples.
     *
     * @throws IllegalArgumentException when a subject is unknown, listed under the wrong category or
     *                                  twice, or a category has fewer test questions than perCategory
     */
    public static List<EvalItem> build(Path dataDir, String runId, MmluSuiteOptions options) {
        checkSubjects(options);
        List<EvalItem> items = new ArrayList<>();
        Map<String, List<MmluExample>> fewShotBySubject = new HashMap<>();
        for (MmluCategory category : MmluCategory.values()) {
            List<String> subjects = options.subjects().get(category);
            if (subjects == null) {
                continue;
            }
            for (MmluQuestion question : sample(dataDir, category, subjects, options)) {
                List<MmluExample> fewShot = fewShotBySubject.computeIfAbsent(question.subject(),
                        subject -> fewShot(dataDir, subject, options.kShot()));
                items.add(EvalItem.newBuilder()
                        .setRunId(runId)
                        .setBenchmark(Benchmark.MMLU)
                        .setItemId(itemId(question.subject(), question.row()))
                        .setIndex(items.size())
                        .setGroup(question.subject())
                        .setCategory(category.label())
                        .setQuestion(question.question())
                        .setGold(question.answer())
                        .setSpider(null)
                        .setMmlu(new MmluPayload(question.subject(), question.choices(), fewShot))
                        .setUnscorableReason(null)
                        .build());
            }
        }
        return items;
    }

    /** {@code mmlu-astronomy-test-0017}: the 0-based row in the subject's test file. */
    public static String itemId(String subject, int row) {
        return String.format("mmlu-%s-%s-%04d", subject, TEST, row);
    }

    private static List<MmluQuestion> sample(Path dataDir, MmluCategory category, List<String> subjects,
                                             MmluSuiteOptions options) {
        List<MmluQuestion> candidates = new ArrayList<>();
        for (String subject : new TreeSet<>(subjects)) {
            candidates.addAll(MmluSubjectFile.read(dataDir, subject, TEST));
        }
        int n = candidates.size();
        int k = options.perCategory();
        if (n < k) {
            throw new IllegalArgumentException("MMLU category " + category.label() + " has " + n
                    + " test questions in its subjects " + subjects + ", fewer than the " + k
                    + " the suite draws per category: list more subjects under " + category.label());
        }
        Random rng = new Random(31 * options.seed() + category.ordinal());
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            MmluQuestion swapped = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, swapped);
        }
        List<MmluQuestion> chosen = new ArrayList<>(candidates.subList(0, k));
        chosen.sort(Comparator.comparing(MmluQuestion::subject).thenComparingInt(MmluQuestion::row));
        return chosen;
    }

    private static List<MmluExample> fewShot(Path dataDir, String subject, int kShot) {
        if (kShot == 0) {
            return List.of();
        }
        List<MmluQuestion> dev = MmluSubjectFile.read(dataDir, subject, DEV);
        if (dev.size() < kShot) {
            throw new DataFormatException(MmluSubjectFile.path(dataDir, subject, DEV), DataFormatException.NO_LINE,
                    "has " + dev.size() + " rows, fewer than the " + kShot + " few-shot examples asked for (kShot)");
        }
        return dev.subList(0, kShot).stream()
                .map(row -> new MmluExample(row.question(), row.choices(), row.answer()))
                .toList();
    }

    /** Config errors first, before any file is read, and all of them at once. */
    private static void checkSubjects(MmluSuiteOptions options) {
        List<String> problems = new ArrayList<>();
        Map<String, MmluCategory> listedUnder = new HashMap<>();
        options.subjects().forEach((category, subjects) -> {
            if (subjects.isEmpty()) {
                problems.add("category " + category.label() + " lists no subjects");
            }
            for (String subject : subjects) {
                MmluCategory previous = listedUnder.put(subject, category);
                if (previous != null) {
                    problems.add("subject '" + subject + "' is listed twice (under " + previous.label()
                            + " and " + category.label() + ")");
                } else if (!MmluCategory.subjects().contains(subject)) {
                    problems.add("unknown MMLU subject '" + subject + "' (listed under " + category.label() + ")");
                } else if (MmluCategory.ofSubject(subject) != category) {
                    problems.add("subject '" + subject + "' is listed under " + category.label()
                            + " but the MMLU mapping puts it in " + MmluCategory.ofSubject(subject).label());
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid MMLU suite subjects: " + String.join("; ", problems)
                    + (problems.stream().anyMatch(p -> p.startsWith("unknown"))
                       ? ". Valid subjects: " + String.join(", ", MmluCategory.subjects()) : ""));
        }
    }
}
