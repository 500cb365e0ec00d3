package io.evalstream.cli.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.evalstream.archfixture.Unhoused;
import io.evalstream.generator.engine.archfixture.EngineThatKnowsItems;
import io.evalstream.metrics.archfixture.MetricThatSends;
import io.evalstream.producers.archfixture.BuildsItems;
import io.evalstream.producers.archfixture.ReadsTopicItself;
import io.evalstream.scorer.archfixture.one.First;
import io.evalstream.scorer.archfixture.two.Second;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureTest} fail on classes that break them, naming the class and
 * what it used: deliberate violations in the test sources (packages {@code *.archfixture}, which
 * {@link ArchitectureTest} does not import since they are test classes).
 */
class ArchitectureRulesTest {

    private static JavaClasses load(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static String violations(EvaluationResult result) {
        assertTrue(result.hasViolation(), "the rule should have failed");
        return String.join("\n", result.getFailureReport().getDetails());
    }

    @Test
    void producersReadingATopicThroughStagesFails() {
        String report = violations(Rooms.PRODUCERS.rule().evaluate(load(ReadsTopicItself.class)));
        assertTrue(report.contains(ReadsTopicItself.class.getName()) && report.contains("io.evalstream.stages.TopicSnapshot.read"), report);
    }

    @Test
    void producersUsingSchemasAndJsonPasses() {
        EvaluationResult result = Rooms.PRODUCERS.rule().evaluate(load(BuildsItems.class));
        assertFalse(result.hasViolation(), () -> String.join("\n", result.getFailureReport().getDetails()));
    }

    @Test
    void theEngineKnowingItemsFails() {
        String report = violations(Rooms.ENGINE.rule().evaluate(load(EngineThatKnowsItems.class)));
        assertTrue(report.contains(EngineThatKnowsItems.class.getName()) && report.contains("io.evalstream.schemas.EvalItem"), report);
    }

    @Test
    void aMetricUsingKafkaFails() {
        String report = violations(Rooms.CUSTOM_METRICS.rule().evaluate(load(MetricThatSends.class)));
        assertTrue(report.contains(MetricThatSends.class.getName()) && report.contains("org.apache.kafka.clients.producer.ProducerRecord"), report);
    }

    @Test
    void aPackageCycleFailsNamingBothPackages() {
        String report = violations(ArchitectureTest.packageCycles().evaluate(load(First.class, Second.class)));
        assertTrue(report.contains("io.evalstream.scorer.archfixture.one") && report.contains("io.evalstream.scorer.archfixture.two"), report);
    }

    @Test
    void aClassOutsideEveryRoomFails() {
        String report = violations(ArchitectureTest.inARoom().evaluate(load(Unhoused.class)));
        assertTrue(report.contains(Unhoused.class.getName()), report);
    }
}
