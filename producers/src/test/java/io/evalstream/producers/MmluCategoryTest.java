package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MmluCategoryTest {
    @Test
    void coversAll57SubjectsWithTheOriginalCategorySizes() {
        Map<MmluCategory, Long> sizes = MmluCategory.subjects().stream()
                .collect(Collectors.groupingBy(MmluCategory::ofSubject, Collectors.counting()));

        assertEquals(57, MmluCategory.subjects().size());
        // categories.py of hendrycks/test gives 18 STEM, 13 humanities, 12 social sciences, 14 other
        assertEquals(Map.of(MmluCategory.STEM, 18L, MmluCategory.HUMANITIES, 13L,
                MmluCategory.SOCIAL_SCIENCES, 12L, MmluCategory.OTHER, 14L), sizes);
    }

    @Test
    void spotChecksAgainstTheOriginalMapping() {
        // subjects whose category is easy to get wrong by guessing from the name
        assertEquals(MmluCategory.HUMANITIES, MmluCategory.ofSubject("formal_logic"));
        assertEquals(MmluCategory.HUMANITIES, MmluCategory.ofSubject("world_religions"));
        assertEquals(MmluCategory.HUMANITIES, MmluCategory.ofSubject("high_school_european_history"));
        assertEquals(MmluCategory.SOCIAL_SCIENCES, MmluCategory.ofSubject("econometrics"));
        assertEquals(MmluCategory.SOCIAL_SCIENCES, MmluCategory.ofSubject("human_sexuality"));
        assertEquals(MmluCategory.SOCIAL_SCIENCES, MmluCategory.ofSubject("public_relations"));
        assertEquals(MmluCategory.STEM, MmluCategory.ofSubject("high_school_statistics"));
        assertEquals(MmluCategory.STEM, MmluCategory.ofSubject("computer_security"));
        assertEquals(MmluCategory.STEM, MmluCategory.ofSubject("electrical_engineering"));
        assertEquals(MmluCategory.OTHER, MmluCategory.ofSubject("professional_accounting"));
        assertEquals(MmluCategory.OTHER, MmluCategory.ofSubject("college_medicine"));
        assertEquals(MmluCategory.OTHER, MmluCategory.ofSubject("global_facts"));
    }

    @Test
    void labelsAreThoseOnItemsAndTheyRoundTrip() {
        assertEquals("STEM,humanities,social_sciences,other",
                Arrays.stream(MmluCategory.values()).map(MmluCategory::label).collect(Collectors.joining(",")));
        Arrays.stream(MmluCategory.values()).collect(Collectors.toMap(Function.identity(), MmluCategory::label))
                .forEach((category, label) -> assertEquals(category, MmluCategory.ofLabel(label)));
    }

    @Test
    void unknownSubjectIsNamedAndValidOnesListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MmluCategory.ofSubject("astrology"));

        assertTrue(e.getMessage().contains("'astrology'"), e.getMessage());
        assertTrue(e.getMessage().contains("abstract_algebra, anatomy, astronomy"), e.getMessage());
    }
}
