package io.evalstream.generator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload of token-id prompts shared by this benchmark and the transformers one
 * ({@code scripts/bench_transformers.py}), so both measure the same prompts:
 * {@code {"name", "prompts": [{"ids": [...], "prefix": n, "adapter": null | "a"}]}}.
 */
public record BenchPrompts(String name, List<Prompt> prompts) {

    /** One prompt: its ids, how many leading ids are a shared prefix, and the adapter (null: base) that answers it. */
    public record Prompt(int[] ids, int prefix, String adapter) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static BenchPrompts read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<Prompt> out = new ArrayList<>();
        for (JsonNode p : root.path("prompts")) {
            int[] ids = new int[p.path("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = p.path("ids").get(i).asInt();
            }
            out.add(new Prompt(ids, p.path("prefix").asInt(0), p.path("adapter").isTextual() ? p.get("adapter").asText() : null));
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no prompts");
        }
        return new BenchPrompts(root.path("name").asText(file.getFileName().toString()), out);
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("name", name);
        ArrayNode arr = root.putArray("prompts");
        for (Prompt p : prompts) {
            ObjectNode o = arr.addObject();
            ArrayNode ids = o.putArray("ids");
            for (int id : p.ids()) {
                ids.add(id);
            }
            o.put("prefix", p.prefix());
            if (p.adapter() == null) {
                o.putNull("adapter");
            } else {
                o.put("adapter", p.adapter());
            }
        }
        JSON.writeValue(file.toFile(), root);
    }
}
