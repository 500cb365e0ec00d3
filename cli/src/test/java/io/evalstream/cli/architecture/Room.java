package io.evalstream.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One row of DESIGN.md §2: the classes of a room and what they may use besides the JDK and the
 * libraries every room shares ({@link Rooms#SHARED}). Using a room means using its own packages
 * and the library types its API hands out ({@code exposes}: schemas' records are Avro records and
 * its serdes are Kafka serdes; the engine takes DJL's NDManager and Device).
 *
 * @param folder   the room's folder as DESIGN.md names it, for messages
 * @param members  the room's classes
 * @param home     the package tree a room that uses this one may reach into
 * @param rooms    the rooms it may use
 * @param libraries the libraries it may use
 * @param exposes  the libraries in this room's API, which a room using it may use too
 */
record Room(String folder, DescribedPredicate<JavaClass> members, String home, List<Room> rooms, List<Library> libraries,
            List<Library> exposes) {

    static Room of(String folder, String packageIdentifier) {
        return new Room(folder, JavaClass.Predicates.resideInAPackage(packageIdentifier), packageIdentifier, List.of(), List.of(), List.of());
    }

    Room mayUse(Room... others) {
        return new Room(folder, members, home, List.of(others), libraries, exposes);
    }

    Room mayUse(Library... allowed) {
        return new Room(folder, members, home, rooms, List.of(allowed), exposes);
    }

    Room exposing(Library... inItsApi) {
        return new Room(folder, members, home, rooms, libraries, List.of(inItsApi));
    }

    /** The room's classes, less a package tree that is a room of its own (the generator's engine). */
    Room except(String packageIdentifier) {
        return new Room(folder, members.and(JavaClass.Predicates.resideOutsideOfPackage(packageIdentifier))
                .as(members.getDescription() + " outside " + packageIdentifier), home, rooms, libraries, exposes);
    }

    /** Everything this room's classes may depend on. */
    List<Library> allowed() {
        List<Library> allowed = new ArrayList<>();
        allowed.add(Library.JDK);
        allowed.addAll(Rooms.SHARED);
        allowed.add(Library.packages(folder + " itself", home));
        for (Room r : rooms) {
            allowed.add(Library.packages(r.folder, r.home));
            allowed.addAll(r.exposes);
        }
        allowed.addAll(libraries);
        return allowed;
    }

    /** Fails naming each class, and the line, that depends on anything else. */
    ArchRule rule() {
        List<Library> allowed = allowed();
        DescribedPredicate<JavaClass> any = allowed.stream().map(Library::classes)
                .reduce((a, b) -> a.or(b)).orElseThrow()
                .as(allowed.stream().map(Library::name).distinct().collect(Collectors.joining(", ")));
        return classes().that(members).should().onlyDependOnClassesThat(any)
                .as("classes of " + folder + " (" + members.getDescription() + ") may use only " + any.getDescription())
                .because("DESIGN.md §2: a room depends only on what its row names");
    }
}
