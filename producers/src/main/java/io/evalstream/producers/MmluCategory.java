package io.evalstream.producers;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The four MMLU categories, with the original mapping of Hendrycks et al. (categories.py of
 * hendrycks/test): each subject has a subcategory, each subcategory belongs to one category.
 * The subcategory is kept in the table below so it can be checked line by line against the source.
 */
public enum MmluCategory {
    STEM("STEM"),
    HUMANITIES("humanities"),
    SOCIAL_SCIENCES("social_sciences"),
    OTHER("other");

    private final String label;

    MmluCategory(String label) {
        this.label = label;
    }

    /** The label on items and in statistics: "STEM", "humanities", "social_sciences", "other". */
    public String label() {
        return label;
    }

    /** The category of an MMLU subject, e.g. {@code "college_physics"} -> STEM. */
    public static MmluCategory ofSubject(String subject) {
        String subcategory = SUBCATEGORY_OF_SUBJECT.get(subject);
        if (subcategory == null) {
            throw new IllegalArgumentException("unknown MMLU subject '" + subject + "'; valid subjects: "
                    + String.join(", ", SUBCATEGORY_OF_SUBJECT.keySet()));
        }
        return ofSubcategory(subcategory);
    }

    /** The category whose {@link #label()} is {@code label}. */
    public static MmluCategory ofLabel(String label) {
        for (MmluCategory category : values()) {
            if (category.label.equals(label)) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown MMLU category '" + label + "'; valid: STEM, humanities, social_sciences, other");
    }

    /** All 57 subjects, sorted by name. */
    public static Set<String> subjects() {
        return SUBCATEGORY_OF_SUBJECT.keySet();
    }

    // categories.py: "STEM": [physics, chemistry, biology, computer science, math, engineering],
    // "humanities": [history, philosophy, law], "social sciences": [politics, culture, economics,
    // geography, psychology], "other (business, health, misc.)": [other, business, health].
    private static MmluCategory ofSubcategory(String subcategory) {
        return switch (subcategory) {
            case "physics", "chemistry", "biology", "computer science", "math", "engineering" -> STEM;
            case "history", "philosophy", "law" -> HUMANITIES;
            case "politics", "culture", "economics", "geography", "psychology" -> SOCIAL_SCIENCES;
            case "other", "business", "health" -> OTHER;
            default -> throw new IllegalStateException("subcategory without a category: " + subcategory);
        };
    }

    // categories.py: subcategories, subject -> subcategory.
    private static final Map<String, String> SUBCATEGORY_OF_SUBJECT = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(
            Map.entry("abstract_algebra", "math"),
            Map.entry("anatomy", "health"),
            Map.entry("astronomy", "physics"),
            Map.entry("business_ethics", "business"),
            Map.entry("clinical_knowledge", "health"),
            Map.entry("college_biology", "biology"),
            Map.entry("college_chemistry", "chemistry"),
            Map.entry("college_computer_science", "computer science"),
            Map.entry("college_mathematics", "math"),
            Map.entry("college_medicine", "health"),
            Map.entry("college_physics", "physics"),
            Map.entry("computer_security", "computer science"),
            Map.entry("conceptual_physics", "physics"),
            Map.entry("econometrics", "economics"),
            Map.entry("electrical_engineering", "engineering"),
            Map.entry("elementary_mathematics", "math"),
            Map.entry("formal_logic", "philosophy"),
            Map.entry("global_facts", "other"),
            Map.entry("high_school_biology", "biology"),
            Map.entry("high_school_chemistry", "chemistry"),
            Map.entry("high_school_computer_science", "computer science"),
            Map.entry("high_school_european_history", "history"),
            Map.entry("high_school_geography", "geography"),
            Map.entry("high_school_government_and_politics", "politics"),
            Map.entry("high_school_macroeconomics", "economics"),
            Map.entry("high_school_mathematics", "math"),
            Map.entry("high_school_microeconomics", "economics"),
            Map.entry("high_school_physics", "physics"),
            Map.entry("high_school_psychology", "psychology"),
            Map.entry("high_school_statistics", "math"),
            Map.entry("high_school_us_history", "history"),
            Map.entry("high_school_world_history", "history"),
            Map.entry("human_aging", "health"),
            Map.entry("human_sexuality", "culture"),
            Map.entry("international_law", "law"),
            Map.entry("jurisprudence", "law"),
            Map.entry("logical_fallacies", "philosophy"),
            Map.entry("machine_learning", "computer science"),
            Map.entry("management", "business"),
            Map.entry("marketing", "business"),
            Map.entry("medical_genetics", "health"),
            Map.entry("miscellaneous", "other"),
            Map.entry("moral_disputes", "philosophy"),
            Map.entry("moral_scenarios", "philosophy"),
            Map.entry("nutrition", "health"),
            Map.entry("philosophy", "philosophy"),
            Map.entry("prehistory", "history"),
            Map.entry("professional_accounting", "other"),
            Map.entry("professional_law", "law"),
            Map.entry("professional_medicine", "health"),
            Map.entry("professional_psychology", "psychology"),
            Map.entry("public_relations", "politics"),
            Map.entry("security_studies", "politics"),
            Map.entry("sociology", "culture"),
            Map.entry("us_foreign_policy", "politics"),
            Map.entry("virology", "health"),
            Map.entry("world_religions", "philosophy"))));
}
