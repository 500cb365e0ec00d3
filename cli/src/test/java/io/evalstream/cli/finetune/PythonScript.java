package io.evalstream.cli.finetune;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A script under scripts/ run by the machine's python3 from the repository root, as a user runs it.
 * Tests that need Python skip, saying so, where python3 is absent.
 */
final class PythonScript {

    /** What a finished run left: its exit status and its output. */
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    static Path root() {
        return Path.of(System.getProperty("evalstream.root", "..")).toAbsolutePath().normalize();
    }

    static void assumePython() {
        boolean found;
        try {
            found = run(List.of("--version")).exitCode() == 0;
        } catch (IOException e) {
            found = false;
        }
        assumeTrue(found, "needs python3 (3.8 or later) on the PATH to test the fine-tuning scripts; "
                + "torch is not needed");
    }

    static Result run(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(args);
        File out = File.createTempFile("python-out", ".txt");
        File err = File.createTempFile("python-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile())
                    .redirectOutput(out).redirectError(err);
            pb.environment().remove("EVALSTREAM_BASE_MODEL");
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process p = pb.start();
            try {
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("python3 " + args + " did not finish in 5 minutes");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    private PythonScript() {
    }
}
