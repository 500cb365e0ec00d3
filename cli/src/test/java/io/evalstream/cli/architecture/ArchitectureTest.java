package io.evalstream.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows of DESIGN.md §2, checked on the compiled main classes of every module (the cli's
 * test classpath holds them all): one rule a row of {@link Rooms}, every class in a room, and no
 * package cycles (what {@code jdeps} would report), inside a module or across.
 * {@link ArchitectureRulesTest} shows that each kind of rule fails on a class that breaks it.
 */
@AnalyzeClasses(packages = "io.evalstream", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    // methods, not ArchRule fields: Surefire 3.5.3 does not run @ArchTest fields (TNG/ArchUnit#1442)
    @ArchTest
    void schemas(JavaClasses classes) {
        Rooms.SCHEMAS.rule().check(classes);
    }

    @ArchTest
    void stages(JavaClasses classes) {
        Rooms.STAGES.rule().check(classes);
    }

    @ArchTest
    void custom_metrics(JavaClasses classes) {
        Rooms.CUSTOM_METRICS.rule().check(classes);
    }

    @ArchTest
    void producers(JavaClasses classes) {
        Rooms.PRODUCERS.rule().check(classes);
    }

    @ArchTest
    void generator_engine(JavaClasses classes) {
        Rooms.ENGINE.rule().check(classes);
    }

    @ArchTest
    void generator(JavaClasses classes) {
        Rooms.GENERATOR.rule().check(classes);
    }

    @ArchTest
    void scorer(JavaClasses classes) {
        Rooms.SCORER.rule().check(classes);
    }

    @ArchTest
    void aggregator(JavaClasses classes) {
        Rooms.AGGREGATOR.rule().check(classes);
    }

    /** A package outside every room would be outside every rule. */
    @ArchTest
    void every_class_is_in_a_room(JavaClasses classes) {
        inARoom().check(classes);
    }

    @ArchTest
    void no_package_cycles(JavaClasses classes) {
        packageCycles().check(classes);
    }

    static ArchRule inARoom() {
        return classes().should().resideInAnyPackage(Rooms.ALL.stream().map(Room::home).distinct().toArray(String[]::new))
                .because("DESIGN.md §2 lists the rooms; a new one needs its row there and in Rooms");
    }

    /** Each package is a slice of its own, so a cycle between two packages of one module fails, as jdeps shows it. */
    static ArchRule packageCycles() {
        return slices().matching("io.evalstream.(**)").namingSlices("package io.evalstream.$1").should().beFreeOfCycles()
                .because("package cycles make a module one lump (issue 12)");
    }

    /** The stages test-jar (the KafkaBroker extension) is test code, whether it comes as a folder or as a jar. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }
}
