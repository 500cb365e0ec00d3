package io.evalstream.cli.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The EvalStream home folder ({@code --home}, else {@code EVALSTREAM_HOME}, else
 * {@code $HOME/.evalstream}): the embedded broker's log and the aggregator's state. One process at
 * a time owns it, through a file lock the operating system drops when the process dies (even by
 * kill -9). The owner records its broker's address here, so a second command on a busy home can
 * connect to that broker instead of opening the same log a second time (which left a broker
 * spinning) and can tell the user which option does that.
 */
public final class EvalStreamHome {
    private static final String LOCK_FILE = "evalstream.lock";
    private static final String ADDRESS_FILE = "broker.address";
    /** Locks this JVM holds, by home: taking a home twice in one process is taking it once. */
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private final Path dir;

    public EvalStreamHome(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * The home: the option when given, else EVALSTREAM_HOME, else .evalstream under the HOME
     * environment variable. Not Java's user.home, which ignores HOME, so {@code HOME=/tmp/x evalstream run}
     * would not be isolated.
     */
    public static EvalStreamHome resolve(Path option) {
        if (option != null) {
            return new EvalStreamHome(option);
        }
        String env = System.getenv("EVALSTREAM_HOME");
        if (env != null && !env.isBlank()) {
            return new EvalStreamHome(Path.of(env));
        }
        String home = System.getenv("HOME");
        return new EvalStreamHome(Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".evalstream"));
    }

    public Path dir() {
        return dir;
    }

    public Path brokerDir() {
        return dir.resolve("kafka");
    }

    /** Whether an embedded broker was ever started here (it left a formatted log). */
    public boolean hasBrokerLog() {
        return Files.exists(brokerDir().resolve("log").resolve("meta.properties"));
    }

    /** Takes the home for this process; false when another process holds it. */
    public boolean tryLock() {
        if (HELD.containsKey(dir)) {
            return true;
        }
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD.put(dir, lock);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the EvalStream home " + dir + ": " + e.getMessage(), e);
        }
    }

    public boolean lockedByThisProcess() {
        return HELD.containsKey(dir);
    }

    /** Records the running embedded broker's address for other commands on this home. */
    public void recordBroker(String bootstrapServers) {
        try {
            Files.writeString(dir.resolve(ADDRESS_FILE), bootstrapServers + "\n" + ProcessHandle.current().pid() + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the broker's address in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The broker a live process runs on this home: its address and pid, when the home is held and it recorded one. */
    public Optional<RunningBroker> runningBroker() {
        Path file = dir.resolve(ADDRESS_FILE);
        if (lockedByThisProcess() || !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(1).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(new RunningBroker(lines.get(0).trim(), pid));
            }
            return Optional.empty(); // left behind by a process that was killed
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The address of another process's embedded broker on this home. */
    public record RunningBroker(String bootstrapServers, long pid) {
    }

    /** Gives the home back: the address file goes, the lock is released. */
    public void release() {
        FileLock lock = HELD.remove(dir);
        if (lock == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(ADDRESS_FILE));
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            // the process is ending; the OS drops the lock anyway
        }
    }

    /**
     * Where this process's aggregator keeps its state: the home's own folder when this process
     * owns the home, else a private folder deleted at exit (two aggregators must never share one).
     */
    public Path streamsStateDir() {
        if (tryLock()) {
            return dir.resolve("streams");
        }
        try {
            Path own = Files.createTempDirectory("evalstream-streams-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(own)));
            return own;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the aggregator's state: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }

    /** What a command that needs the home's broker says when another process runs it. */
    public String busyMessage(String whatToDo) {
        Optional<RunningBroker> running = runningBroker();
        String who = running.map(b -> "another evalstream process (pid " + b.pid() + "), whose embedded broker is at "
                + b.bootstrapServers()).orElse("another evalstream process");
        return "the EvalStream home " + dir + " is in use by " + who + "; one broker per home. "
                + running.map(b -> "To use that broker while it runs, " + whatToDo + " --bootstrap-servers " + b.bootstrapServers()
                        + "; or give this command another home with --home DIR.")
                .orElse("Wait for it to end, or give this command another home with --home DIR.");
    }
}
