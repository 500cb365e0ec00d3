package io.evalstream.cli.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Library versions this build was made with (filled in by Maven), recorded with every run. */
public final class Versions {

    public static Map<String, String> all() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/evalstream-versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        out.put("java", System.getProperty("java.version"));
        return out;
    }

    public static String evalstream() {
        return all().getOrDefault("evalstream", "unknown");
    }

    private Versions() {
    }
}
