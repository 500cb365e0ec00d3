package io.evalstream.generator.engine.device;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a CUDA build of libtorch the way DJL's own mechanisms provide one, before DJL starts:
 * {@code PYTORCH_LIBRARY_PATH} (environment or system property) pointing at a libtorch folder or at
 * an installed torch's {@code lib}; a CUDA build that DJL downloaded into its cache
 * ({@code ~/.djl.ai/pytorch/<version>-cu<NNN>-linux-x86_64}); or the torch of the {@code python3}
 * on the PATH. Each candidate says its version and CUDA flavor and whether a DJL JNI exists for it:
 * DJL 0.35.1 ships JNI builds for libtorch 2.7.1 only (cpu, cu128); another version needs a JNI built
 * against it, placed where DJL looks for one.
 */
public final class LibtorchLocator {

    /** The libtorch version DJL 0.35.1's bundled JNI (pytorch-jni 2.7.1-0.35.1) was built for. */
    public static final String JNI_LIBTORCH = "2.7.1";
    public static final String DJL_VERSION = "0.35.1";
    static final List<String> BUNDLED_CUDA_FLAVORS = List.of("cu128");
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:\\+(cu\\d+|cpu|rocm[\\d.]+))?.*");

    /**
     * A libtorch folder.
     *
     * @param dir     the folder holding libtorch.so
     * @param version e.g. 2.7.1 (null when unknown)
     * @param flavor  cu128, cu130, cpu, ... (from the build's version string, or cuda when only libtorch_cuda.so tells)
     * @param source  how it was found, for messages
     * @param jni     a DJL JNI usable with it: bundled in pytorch-jni, or a file found beside it or in DJL's cache
     */
    public record Candidate(Path dir, String version, String flavor, String source, Optional<Path> jni) {

        public boolean cuda() {
            return flavor != null && flavor.startsWith("cu");
        }

        public boolean bundledJni() {
            return JNI_LIBTORCH.equals(version) && BUNDLED_CUDA_FLAVORS.contains(flavor);
        }

        public boolean usable() {
            return cuda() && (bundledJni() || jni.isPresent());
        }

        public String describe() {
            return "libtorch " + (version == null ? "(unknown version)" : version) + " " + (flavor == null ? "" : flavor)
                    + " at " + dir + " (" + source + ")";
        }
    }

    private LibtorchLocator() {
    }

    /** Every CUDA candidate in the order DJL's mechanisms rank them; the caller takes the first usable one. */
    public static List<Candidate> cudaCandidates() {
        List<Candidate> out = new ArrayList<>();
        String explicit = setting("PYTORCH_LIBRARY_PATH");
        if (explicit != null && !explicit.isBlank()) {
            for (String p : explicit.split(File.pathSeparator)) {
                inspect(Paths.get(p), "PYTORCH_LIBRARY_PATH").ifPresent(out::add);
            }
        }
        Path cache = djlCache();
        if (Files.isDirectory(cache)) {
            try (var dirs = Files.list(cache)) {
                dirs.filter(d -> d.getFileName().toString().matches("\\d+\\.\\d+\\.\\d+-cu\\d+.*-linux-x86_64"))
                        .sorted()
                        .forEach(d -> inspect(d, "DJL's download cache").ifPresent(out::add));
            } catch (IOException ignored) {
                // an unreadable cache holds no candidates
            }
        }
        pythonTorch().flatMap(lib -> inspect(lib, "python3's torch")).ifPresent(out::add);
        return out;
    }

    /** Reads a folder's libtorch version and flavor; empty when it holds no libtorch.so. */
    public static Optional<Candidate> inspect(Path dir, String source) {
        Path lib = Files.isRegularFile(dir) ? dir.getParent() : dir;
        if (lib == null || !Files.exists(lib.resolve("libtorch.so"))) {
            return Optional.empty();
        }
        String version = null;
        String flavor = null;
        String built = buildVersion(lib);
        if (built != null) {
            Matcher m = VERSION.matcher(built.trim());
            if (m.matches()) {
                version = m.group(1);
                flavor = m.group(2);
            }
        }
        Matcher cacheName = Pattern.compile("(\\d+\\.\\d+\\.\\d+)-(cu\\d+|cpu).*").matcher(lib.getFileName().toString());
        if (version == null && cacheName.matches()) {
            version = cacheName.group(1);
            flavor = cacheName.group(2);
        }
        if (flavor == null) {
            flavor = Files.exists(lib.resolve("libtorch_cuda.so")) ? "cuda" : "cpu";
        }
        return Optional.of(new Candidate(lib.toAbsolutePath(), version, flavor, source, jniFor(lib, version, flavor)));
    }

    /** The build's version string: libtorch's build-version file, or torch/version.py beside a pip install's lib. */
    private static String buildVersion(Path lib) {
        try {
            Path buildVersion = lib.getParent() == null ? null : lib.getParent().resolve("build-version");
            if (buildVersion != null && Files.exists(buildVersion)) {
                return Files.readString(buildVersion);
            }
            Path versionPy = lib.getParent() == null ? null : lib.getParent().resolve("version.py");
            if (versionPy != null && Files.exists(versionPy)) {
                for (String line : Files.readAllLines(versionPy)) {
                    Matcher m = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]").matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
        } catch (IOException ignored) {
            // unknown version: reported as such
        }
        return null;
    }

    /** Where DJL's LibUtils.findJniLibrary looks for a JNI of this libtorch before its bundled ones. */
    static Optional<Path> jniFor(Path lib, String version, String flavor) {
        List<Path> places = new ArrayList<>(List.of(lib.resolve(DJL_VERSION + "-libdjl_torch.so"), lib.resolve("libdjl_torch.so")));
        if (version != null && flavor != null) {
            places.add(djlCache().resolve(version + "-" + flavor + "-linux-x86_64").resolve(DJL_VERSION + "-libdjl_torch.so"));
        }
        return places.stream().filter(Files::exists).findFirst();
    }

    static Path djlCache() {
        String engineDir = setting("ENGINE_CACHE_DIR");
        if (engineDir != null && !engineDir.isBlank()) {
            return Paths.get(engineDir).resolve("pytorch");
        }
        String djl = setting("DJL_CACHE_DIR");
        Path base = djl != null && !djl.isBlank() ? Paths.get(djl) : Paths.get(System.getProperty("user.home"), ".djl.ai");
        return base.resolve("pytorch");
    }

    static String setting(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    /** The lib folder of python3's torch, if python3 and torch are installed (asked once, with a time limit). */
    private static Optional<Path> pythonTorch() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))")
                    .redirectErrorStream(false).start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                return p.exitValue() == 0 && line != null && !line.isBlank() ? Optional.of(Paths.get(line.trim())) : Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
