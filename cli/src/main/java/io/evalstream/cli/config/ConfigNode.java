package io.evalstream.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A YAML mapping read with its path, so every error names the file, the key and what is allowed.
 * Unknown keys are errors: a typo in a config must not silently fall back to a default.
 */
final class ConfigNode {
    private final Path file;
    private final String path;
    private final JsonNode node;

    ConfigNode(Path file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    ConfigException error(String key, String problem) {
        return new ConfigException(file + ": " + qualified(key) + " " + problem);
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void allowOnly(Set<String> keys) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw error(name, "is not a known key; allowed here: " + String.join(", ", new TreeSet<>(keys)));
            }
        }
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    String string(String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw error(key, "must be a text value");
        }
        return v.asText();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw error(key, "is required");
        }
        return v;
    }

    String oneOf(String key, String fallback, List<String> allowed) {
        String v = string(key, fallback);
        if (v != null && !allowed.contains(v)) {
            throw error(key, "is '" + v + "'; allowed: " + String.join(", ", allowed));
        }
        return v;
    }

    long integer(String key, long fallback, long min, long max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw error(key, "must be a whole number, got '" + v.asText() + "'");
        }
        long value = v.asLong();
        if (value < min || value > max) {
            throw error(key, "is " + value + "; allowed: " + min + " to " + max);
        }
        return value;
    }

    Double number(String key, Double fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw error(key, "must be a number, got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    /** A path, relative ones resolved against the config file's folder. */
    Path path(String key) {
        String v = string(key, null);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        return p.isAbsolute() ? p : file.toAbsolutePath().getParent().resolve(p).normalize();
    }

    ConfigNode child(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw error(key, "must be a mapping (key: value lines)");
        }
        return new ConfigNode(file, qualified(key), v);
    }

    List<ConfigNode> children(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(key, "must be a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                throw error(key + "[" + i + "]", "must be a mapping");
            }
            out.add(new ConfigNode(file, qualified(key) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    <T> List<T> list(String key, Function<JsonNode, T> convert, String what) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(key, "must be a list of " + what);
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            try {
                out.add(convert.apply(v.get(i)));
            } catch (RuntimeException e) {
                throw error(key + "[" + i + "]", "must be " + what + " (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    Map<String, JsonNode> entries() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    Path file() {
        return file;
    }
}
