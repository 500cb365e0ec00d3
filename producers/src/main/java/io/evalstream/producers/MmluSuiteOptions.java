package io.evalstream.producers;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which MMLU questions make the suite.
 *
 * @param subjects    the subjects to draw from, grouped by the category they are listed under in the config
 * @param perCategory how many questions each listed category contributes
 * @param seed        the sampling seed; the same seed gives the same suite on every JVM and platform
 * @param kShot       how many dev rows of the subject precede each question as examples
 */
public record MmluSuiteOptions(Map<MmluCategory, List<String>> subjects, int perCategory, long seed, int kShot) {
    public static final int PER_CATEGORY = 50;
    public static final int K_SHOT = 4;

    public MmluSuiteOptions {
        if (subjects == null || subjects.isEmpty()) {
            throw new IllegalArgumentException("the MMLU suite needs at least one category with subjects");
        }
        if (perCategory <= 0) {
            throw new IllegalArgumentException("perCategory must be positive, was " + perCategory);
        }
        if (kShot < 0) {
            throw new IllegalArgumentException("kShot must be 0 or more, was " + kShot);
        }
        Map<MmluCategory, List<String>> copy = new EnumMap<>(MmluCategory.class);
        subjects.forEach((category, names) -> copy.put(category, List.copyOf(names)));
        subjects = Collections.unmodifiableMap(copy);
    }

    /**
     * 50 questions from each of STEM, humanities and social sciences, 4-shot. The subjects are
     * varied within a category and avoid those whose questions are long reading passages (the
     * history subjects, professional_law), which would dominate the cost of a run. Computer
     * science is in, because a Text-to-SQL fine-tune is most likely to move it.
     */
    public static MmluSuiteOptions defaults(long seed) {
        Map<MmluCategory, List<String>> subjects = new EnumMap<>(MmluCategory.class);
        subjects.put(MmluCategory.STEM, List.of("astronomy", "college_computer_science", "conceptual_physics",
                "high_school_biology", "high_school_chemistry", "high_school_mathematics", "machine_learning"));
        subjects.put(MmluCategory.HUMANITIES, List.of("formal_logic", "international_law", "jurisprudence",
                "logical_fallacies", "moral_disputes", "philosophy", "prehistory", "world_religions"));
        subjects.put(MmluCategory.SOCIAL_SCIENCES, List.of("econometrics", "high_school_geography",
                "high_school_government_and_politics", "high_school_macroeconomics", "high_school_psychology",
                "sociology", "us_foreign_policy"));
        return new MmluSuiteOptions(subjects, PER_CATEGORY, seed, K_SHOT);
    }
}
