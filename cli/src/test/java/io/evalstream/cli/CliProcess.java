package io.evalstream.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The evalstream command in its own JVM, as a user starts it, with its output collected. */
final class CliProcess implements AutoCloseable {
    /** Lines whose first arrival time is kept, for recovery figures. */
    static final List<String> WATCHED = List.of("embedded broker at", "aggregator running", "produce ", ": running", "records,");
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Process process;
    /** When the process was started, for the figures. */
    final long startedNanos = System.nanoTime();
    final List<String> stdout = new CopyOnWriteArrayList<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();

    private CliProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    static CliProcess start(Path workDir, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classpath, EvalStream.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        return new CliProcess(pb.start());
    }

    private final List<Thread> pumps = new CopyOnWriteArrayList<>();

    private void pump(InputStream in, List<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    long now = System.nanoTime();
                    for (String watched : WATCHED) {
                        if (line.contains(watched)) {
                            firstSeen.putIfAbsent(watched, now);
                        }
                    }
                    sink.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    /** The embedded broker's address, once the process has printed it. */
    String awaitBroker(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            for (String line : stderr) {
                if (line.startsWith("embedded broker at ")) {
                    return line.substring("embedded broker at ".length()).trim().split(" ")[0];
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no broker address printed; stderr: " + String.join("\n", stderr));
    }

    /** SIGKILL (kill -9): no shutdown hook runs, no transaction is aborted, no file is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Seconds from the start until a line of standard error first contained {@code text} (one of {@link #WATCHED}), or -1. */
    double secondsUntil(String text) {
        Long at = firstSeen.get(text);
        return at == null ? -1 : (at - startedNanos) / 1e9;
    }

    /** Waits until a line of standard error contains {@code text}; false when the process ended or time ran out first. */
    boolean awaitLine(String text, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (stderr.stream().anyMatch(l -> l.contains(text))) {
                return true;
            }
            if (!process.isAlive()) {
                return stderr.stream().anyMatch(l -> l.contains(text));
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C. */
    int terminate(long timeoutMs) throws InterruptedException {
        process.destroy();
        return waitFor(timeoutMs);
    }

    int waitFor(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("evalstream did not end in " + timeoutMs + " ms; stderr: " + String.join("\n", stderr));
        }
        for (Thread pump : pumps) {
            pump.join(5_000); // the last lines are still on their way
        }
        return process.exitValue();
    }

    String output() {
        return String.join("\n", stdout) + "\n--- stderr ---\n" + String.join("\n", stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static String path(Path p) {
        return p.toAbsolutePath().toString().replace(File.separatorChar, '/');
    }
}
