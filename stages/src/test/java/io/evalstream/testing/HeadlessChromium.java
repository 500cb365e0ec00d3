package io.evalstream.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for the tests of pages (the dashboard, the report): headless Chromium loads a
 * page, runs its scripts, and prints the resulting DOM or takes a screenshot. Found through
 * EVALSTREAM_CHROMIUM, else Debian's or Google's usual paths; a test without one skips with
 * {@link #MISSING}.
 */
public final class HeadlessChromium {
    public static final String MISSING = "needs a Chromium browser: install Debian's chromium package "
            + "(apt-get install chromium) or set EVALSTREAM_CHROMIUM to its path";

    private final Path executable;
    private final Path profile;

    private HeadlessChromium(Path executable, Path profile) {
        this.executable = executable;
        this.profile = profile;
    }

    /** The browser, with its profile in {@code profileDir}; null when none is installed. */
    public static HeadlessChromium find(Path profileDir) {
        String configured = System.getenv("EVALSTREAM_CHROMIUM");
        List<String> candidates = configured != null ? List.of(configured)
                : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .map(p -> new HeadlessChromium(p, profileDir)).orElse(null);
    }

    /** The DOM after the page's scripts ran for {@code virtualMillis} of virtual time, without its script elements. */
    public String dumpDom(String url, int virtualMillis) throws IOException, InterruptedException {
        byte[] out = run(List.of("--virtual-time-budget=" + virtualMillis, "--dump-dom", url));
        // only what the scripts rendered: a script's own text may hold the words a test looks for
        return new String(out, StandardCharsets.UTF_8).replaceAll("(?s)<script.*?</script>", "");
    }

    /** A PNG of the page as rendered in a window of the given size. */
    public void screenshot(String url, Path png, int width, int height, int virtualMillis) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--virtual-time-budget=" + virtualMillis, "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), url));
        if (!Files.isRegularFile(png)) {
            throw new IOException("Chromium wrote no screenshot of " + url + " to " + png);
        }
    }

    private byte[] run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}
