package io.evalstream.cli.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Arrays;

/**
 * A library, or the part of one, that a room may use: the classes it is made of. Most are
 * package trees; a few are single classes, where a room may touch only what another library's API
 * hands it (Kafka Streams hands out a few client classes, not the consumer itself).
 */
record Library(String name, DescribedPredicate<JavaClass> classes) {

    /** Classes in any of the packages; {@code "org.apache.avro.."} is the package and its subpackages. */
    static Library packages(String name, String... packageIdentifiers) {
        return new Library(name, JavaClass.Predicates.resideInAnyPackage(packageIdentifiers).as(name));
    }

    /** Exactly these classes and their nested classes ({@code Schema} and {@code Schema$Field}). */
    static Library classes(String name, String... classNames) {
        return new Library(name, DescribedPredicate.describe(name, c -> Arrays.stream(classNames)
                .anyMatch(n -> c.getBaseComponentType().getName().equals(n) || c.getBaseComponentType().getName().startsWith(n + "$"))));
    }

    /** This library less a package tree (DJL less its Hugging Face tokenizers, which are a row of their own). */
    Library except(String packageIdentifier) {
        return new Library(name, classes.and(JavaClass.Predicates.resideOutsideOfPackage(packageIdentifier)).as(name));
    }

    /** One library made of the classes of both. */
    Library and(Library other) {
        return new Library(name, classes.or(other.classes).as(name));
    }

    /**
     * The JDK: what the Java runtime image holds (jrt:/), so {@code java.net.http} and
     * {@code com.sun.net.httpserver} count, and a {@code javax} package from a jar does not.
     */
    static final Library JDK = new Library("the JDK", DescribedPredicate.describe("the JDK", c -> {
        JavaClass base = c.getBaseComponentType();
        return base.isPrimitive() || base.getSource().map(s -> "jrt".equals(s.getUri().getScheme())).orElse(false);
    }));
}
