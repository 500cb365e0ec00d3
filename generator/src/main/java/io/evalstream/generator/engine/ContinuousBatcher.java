package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.evalstream.generator.engine.lora.LoraAdapter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Continuous batching: a fixed number of slots (rows of one KV cache) decode together, one token
 * per step for every busy slot; when a sequence finishes, its slot takes the next waiting request
 * at once (prefilled alone, reusing a cached prefix where one matches), without waiting for the
 * rest of the batch. Rows may belong to different adapters: the base weights run once per step for
 * the whole batch and each adapter's low-rank term only on its rows.
 */
final class ContinuousBatcher {

    private final LlmEngine engine;

    ContinuousBatcher(LlmEngine engine) {
        this.engine = engine;
    }

    private static final class Slot {
        final int request;
        final GenerationRequest req;
        final LoraAdapter adapter;
        final List<Integer> generated = new ArrayList<>();
        final Random random;
        final int reused;
        int length;
        int lastToken;

        Slot(int request, GenerationRequest req, LoraAdapter adapter, int reused) {
            this.request = request;
            this.req = req;
            this.adapter = adapter;
            this.reused = reused;
            this.random = req.sampling().greedy() ? null : new Random(req.sampling().seed());
        }
    }

    List<Generation> generate(List<GenerationRequest> requests, int batchSize) {
        if (requests.isEmpty()) {
            return List.of();
        }
        int slots = Math.max(1, Math.min(batchSize, requests.size()));
        int capacity = 0;
        for (GenerationRequest r : requests) {
            capacity = Math.max(capacity, r.prompt().length + r.maxNewTokens());
            engine.adapter(r.adapter()); // fail early on an unknown adapter
        }
        Generation[] results = new Generation[requests.size()];
        Deque<Integer> waiting = new ArrayDeque<>();
        for (int i = 0; i < requests.size(); i++) {
            waiting.add(i);
        }
        Slot[] busy = new Slot[slots];
        ModelConfig config = engine.config();
        try (KvCache cache = new KvCache(engine.manager(), config, slots, capacity)) {
            while (true) {
                for (int s = 0; s < slots; s++) {
                    while (busy[s] == null && !waiting.isEmpty()) {
                        int i = waiting.poll();
                        busy[s] = admit(i, requests.get(i), cache, s, results);
                    }
                }
                int active = 0;
                for (Slot s : busy) {
                    active += s == null ? 0 : 1;
                }
                if (active == 0) {
                    break;
                }
                // rows past the last busy slot are left out; idle rows in between decode a dummy token at position 0
                int rows = 0;
                for (int s = 0; s < slots; s++) {
                    if (busy[s] != null) {
                        rows = s + 1;
                    }
                }
                long[][] tokens = new long[rows][1];
                int[] starts = new int[rows];
                List<LoraAdapter> adapters = new ArrayList<>(Collections.nCopies(rows, null));
                for (int s = 0; s < rows; s++) {
                    if (busy[s] != null) {
                        tokens[s][0] = busy[s].lastToken;
                        starts[s] = busy[s].length;
                        adapters.set(s, busy[s].adapter);
                    }
                }
                try (NDManager step = engine.manager().newSubManager()) {
                    NDArray logits = engine.model().forward(step, tokens, new Transformer.Placement(0, starts), cache,
                            LoraRouting.of(step, adapters, engine.loraStacks()), true);
                    int[] next = choose(logits, busy, rows);
                    for (int s = 0; s < rows; s++) {
                        if (busy[s] != null) {
                            busy[s].length++;
                            if (accept(busy[s], next[s], results)) {
                                busy[s] = null;
                            }
                        }
                    }
                }
            }
        }
        return Arrays.asList(results);
    }

    /** Prefills a request into a slot and takes its first token; returns null if it already finished. */
    private Slot admit(int index, GenerationRequest req, KvCache cache, int row, Generation[] results) {
        LoraAdapter adapter = engine.adapter(req.adapter());
        try (NDManager step = engine.manager().newSubManager()) {
            Prefill p = prefill(step, req.adapter(), adapter, req.prompt(), req.prefixLength(), cache, row);
            Slot slot = new Slot(index, req, adapter, p.reused);
            slot.length = req.prompt().length;
            int first = choose(p.logits, new Slot[] {slot}, 1)[0];
            return accept(slot, first, results) ? null : slot;
        }
    }

    record Prefill(NDArray logits, int reused) {
    }

    /** Runs a prompt into row {@code row} of {@code cache}, reusing and filling the prefix cache; logits [1, V] of the last position. */
    Prefill prefill(NDManager step, String adapterName, LoraAdapter adapter, int[] prompt, int prefixLength, KvCache cache, int row) {
        PrefixCache prefixes = engine.prefixCache();
        int start = 0;
        if (prefixes.enabled()) {
            PrefixCache.Match m = prefixes.lookup(adapterName, prompt);
            if (m != null) {
                cache.copyRow(m.entry().kv(), 0, row, m.length());
                start = m.length();
            }
        }
        long[][] tokens = {LlmEngine.toLongs(Arrays.copyOfRange(prompt, start, prompt.length))};
        NDArray logits = engine.model().forward(step, tokens, Transformer.Placement.single(row, start), cache,
                LoraRouting.of(step, Collections.singletonList(adapter)), true);
        if (prefixes.enabled() && prefixLength > 0 && prefixLength < prompt.length) {
            prefixes.put(adapterName, Arrays.copyOf(prompt, prefixLength), cache, row, engine.config());
        }
        return new Prefill(logits, start);
    }

    private static int[] choose(NDArray logits, Slot[] slots, int rows) {
        int[] next = new int[rows];
        boolean allGreedy = true;
        for (int s = 0; s < rows; s++) {
            if (slots[s] != null && slots[s].random != null) {
                allGreedy = false;
            }
        }
        if (allGreedy) {
            long[] arg = logits.argMax(1).toLongArray();
            for (int s = 0; s < rows; s++) {
                next[s] = (int) arg[s];
            }
            return next;
        }
        long[] arg = logits.argMax(1).toLongArray();
        for (int s = 0; s < rows; s++) {
            Slot slot = slots[s];
            if (slot == null || slot.random == null) {
                next[s] = (int) arg[s];
                continue;
            }
            float[] p = logits.get(s).div((float) slot.req.sampling().temperature()).softmax(0).toFloatArray();
            double u = slot.random.nextDouble();
            double acc = 0;
            int pick = p.length - 1;
            for (int j = 0; j < p.length; j++) {
                acc += p[j];
                if (u < acc) {
                    pick = j;
                    break;
                }
            }
            next[s] = pick;
        }
        return next;
    }

    /** Records a new token; returns true when the sequence is finished (its result is then stored). */
    private boolean accept(Slot slot, int token, Generation[] results) {
        GenerationRequest req = slot.req;
        if (engine.tokenizer().eosIds().contains(token)) {
            finish(slot, Generation.FinishReason.EOS, null, results);
            return true;
        }
        slot.generated.add(token);
        slot.lastToken = token;
        if (!req.stopStrings().isEmpty()) {
            String text = engine.tokenizer().decode(ids(slot));
            for (String stop : req.stopStrings()) {
                int at = text.indexOf(stop);
                if (at >= 0) {
                    finish(slot, Generation.FinishReason.STOP_STRING, text.substring(0, at), results);
                    return true;
                }
            }
        }
        if (slot.generated.size() >= req.maxNewTokens()) {
            finish(slot, Generation.FinishReason.LENGTH, null, results);
            return true;
        }
        return false;
    }

    private static int[] ids(Slot slot) {
        return slot.generated.stream().mapToInt(Integer::intValue).toArray();
    }

    private void finish(Slot slot, Generation.FinishReason reason, String text, Generation[] results) {
        int[] tokens = ids(slot);
        String out = text != null ? text : engine.tokenizer().decode(tokens);
        results[slot.request] = new Generation(tokens, out, reason, slot.req.prompt().length, slot.reused);
    }
}
