package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Continuous batching over a fixed number of slots (rows of one KV cache). Each loop runs one
 * batched prefill call (several prompts, left-padded, long prompts in chunks, bounded by a token
 * budget) and then one decode step for every decoding slot, so new prompts are prefilled between
 * the decode steps of running ones instead of stalling them. A finished sequence's slot takes the
 * next waiting request at once.
 *
 * <p>Decode state lives on the device: each slot's next token (the previous step's argmax or
 * sample), position and draw index advance there, and the only device-to-host copy of a decode step
 * is the new token ids. Host-side state changes (a sequence starting or ending) are uploaded once
 * per change. Rows may belong to different adapters ({@link LoraRouting}).
 */
final class ContinuousBatcher implements AutoCloseable {

    /** Decode steps issued between copies of their tokens to the host. */
    static final int WINDOW = 4;

    private final LlmEngine engine;
    private final Transformer model;
    private final DataType dtype;
    private final int slots;
    private final int prefillBudget;
    private final NDManager manager;
    private final KvCache cache;
    private final DeviceSampler sampler;
    private final DecodeState state;
    private final Sequence[] bySlot;
    private final BatchStats stats;
    private boolean changed = true;

    ContinuousBatcher(LlmEngine engine, List<Sequence> work, int slots, BatchStats stats) {
        this.engine = engine;
        this.model = engine.model();
        this.dtype = model.precision().dataType();
        this.slots = Math.max(1, Math.min(slots, work.size()));
        this.prefillBudget = engine.options().prefillTokens();
        this.stats = stats;
        int positionsNeeded = 1;
        int maxNew = 1;
        for (Sequence s : work) {
            positionsNeeded = Math.max(positionsNeeded, s.prompt.length + s.maxNew);
            maxNew = Math.max(maxNew, s.maxNew);
        }
        this.manager = engine.manager().newSubManager();
        this.cache = engine.kvCache(this.slots, positionsNeeded);
        stats.kvBytes(cache.bytes());
        this.sampler = new DeviceSampler(manager, this.slots, maxNew);
        this.state = new DecodeState(manager, this.slots);
        this.bySlot = new Sequence[this.slots];
    }

    /** Runs every sequence to completion; each sequence stores its own result. */
    void run(List<Sequence> work) {
        Deque<Sequence> waiting = new ArrayDeque<>(work);
        while (!waiting.isEmpty() || busy()) {
            admit(waiting);
            List<Sequence> ready = new ArrayList<>();
            for (Sequence s : bySlot) {
                if (s != null && !s.decoding && s.waitingOn == null) {
                    ready.add(s);
                }
            }
            if (!ready.isEmpty()) {
                prefill(ready);
            }
            if (decoding()) {
                decode();
            } else if (ready.isEmpty() && busy()) {
                // every busy slot waits for a prefix that no longer has a leader: compute it themselves
                for (Sequence s : bySlot) {
                    if (s != null) {
                        s.waitingOn = null;
                    }
                }
            }
        }
    }

    private boolean busy() {
        return Arrays.stream(bySlot).anyMatch(s -> s != null);
    }

    private boolean decoding() {
        return Arrays.stream(bySlot).anyMatch(s -> s != null && s.decoding);
    }

    /** Gives free slots to waiting requests: cached prefix copied in, or waiting for a slot that is computing the same prefix. */
    private void admit(Deque<Sequence> waiting) {
        for (int slot = 0; slot < slots && !waiting.isEmpty(); slot++) {
            if (bySlot[slot] != null) {
                continue;
            }
            Sequence seq = waiting.poll();
            seq.slot = slot;
            bySlot[slot] = seq;
            if (seq.generation != null) {
                sampler.admit(slot, seq.generation.sampling(), seq.maxNew);
            }
            reusePrefix(seq);
            if (seq.prefixLength > seq.prefilled && engine.prefixCache().enabled()) {
                for (Sequence other : bySlot) {
                    if (other != null && other != seq && other.waitingOn == null && other.sharesPrefixWith(seq)
                            && other.prefilled < seq.prefixLength) {
                        seq.waitingOn = other;
                        break;
                    }
                }
            }
        }
    }

    private void reusePrefix(Sequence seq) {
        PrefixCache prefixes = engine.prefixCache();
        if (!prefixes.enabled()) {
            return;
        }
        PrefixCache.Match m = prefixes.lookup(seq.adapterName, seq.prompt);
        if (m != null && m.length() > seq.prefilled) {
            cache.copyRow(m.entry().kv(), 0, seq.slot, m.length());
            seq.prefilled = m.length();
            seq.reused = m.length();
        }
    }

    /** One batched, chunked prefill call over as many ready prompts as the token budget allows. */
    private void prefill(List<Sequence> ready) {
        PrefillChunk chunk = PrefillChunk.of(ready, prefillBudget, cache.scratchColumn(), engine);
        int b = chunk.rows().size();
        long started = System.nanoTime();
        try (NDManager step = manager.newSubManager()) {
            ForwardBatch batch = chunk.batch(step, cache);
            NDArray logits = model.forward(step, batch, cache, LoraRouting.of(engine.stacks(), chunk.adapterSlots(), chunk.width(), step, dtype));
            List<Integer> completing = chunk.completing();
            long[] first = null;
            float[] scores = null;
            if (!completing.isEmpty()) {
                if (chunk.rows().stream().anyMatch(s -> s.generation != null)) {
                    int[] slotsOfRows = chunk.rows().stream().mapToInt(s -> s.slot).toArray();
                    first = sampler.choose(step, logits, slotsOfRows, batch.rows().reshape(b), step.zeros(new Shape(b), DataType.INT64))
                            .toLongArray();
                    stats.copy();
                }
                if (chunk.rows().stream().anyMatch(s -> s.scoring != null)) {
                    scores = chunk.candidateLogProbs(step, logits);
                    stats.copy();
                }
            }
            for (int i = 0; i < b; i++) {
                Sequence s = chunk.rows().get(i);
                int before = s.prefilled;
                s.prefilled += chunk.taken()[i];
                if (s.prefixLength > 0 && before < s.prefixLength && s.prefilled >= s.prefixLength) {
                    storePrefix(s);
                }
            }
            for (int i : completing) {
                Sequence s = chunk.rows().get(i);
                s.length = s.prompt.length;
                if (s.scoring != null) {
                    s.scores = chunk.scoresOf(i, scores);
                    release(s);
                } else if (!accept(s, (int) first[i])) {
                    s.decoding = true;
                    changed = true;
                }
            }
        }
        stats.prefill(Arrays.stream(chunk.taken()).sum(), System.nanoTime() - started);
    }

    private void storePrefix(Sequence leader) {
        PrefixCache prefixes = engine.prefixCache();
        if (prefixes.enabled() && leader.prefixLength < leader.prompt.length) {
            prefixes.put(leader.adapterName, Arrays.copyOf(leader.prompt, leader.prefixLength), cache, leader.slot, model.config(), dtype);
        }
        for (Sequence s : bySlot) {
            if (s != null && s.waitingOn == leader) {
                s.waitingOn = null;
                reusePrefix(s);
            }
        }
    }

    /**
     * Up to {@link #WINDOW} decode steps for every decoding slot, issued back to back: each step's
     * inputs are the previous step's outputs on the device, so the host never waits for the device
     * inside the window and the device never drains between steps. The new ids of the whole window
     * come back in one copy (at most one copy per step). A sequence that ends inside the window is
     * seen at its end; the steps it ran past its end are discarded. The window never takes a row past
     * its token limit, so no row writes beyond its share of the cache.
     */
    private void decode() {
        if (changed) {
            state.upload(bySlot, cache.scratchColumn(), engine);
            changed = false;
        }
        int n = state.rows();
        int maxLength = 0;
        int window = WINDOW;
        for (int s = 0; s < n; s++) {
            Sequence seq = bySlot[s];
            if (seq != null && seq.decoding) {
                maxLength = Math.max(maxLength, seq.length);
                window = Math.min(window, seq.maxNew - seq.count);
            }
        }
        window = Math.max(1, window);
        int[] rows = new int[n];
        for (int s = 0; s < n; s++) {
            rows[s] = s;
        }
        NDIndex first = new NDIndex(":{}", n);
        long[] ids;
        try (NDManager steps = manager.newSubManager()) {
            NDArray history = steps.zeros(new Shape(n, window), DataType.INT64);
            for (int i = 0; i < window; i++) {
                long started = System.nanoTime();
                long inPlaceBefore = NativeOps.inPlaceTotal();
                long scopedBefore = NativeOps.scopedArraysTotal();
                try (NDManager step = steps.newSubManager()) {
                    ForwardBatch batch = state.batch(step, n, ForwardBatch.keysFor(maxLength + i, cache));
                    NDArray logits = model.forward(step, batch, cache, state.routing());
                    NDArray next = sampler.choose(step, logits, rows, batch.rows().reshape(n), state.drawIndex(step, n));
                    history.set(new NDIndex(":, {}", i), next);
                    state.advance(step, n, next);
                    NativeOps.inPlace(4);
                    stats.decode(step.getManagedArrays().size() + NativeOps.scopedArraysTotal() - scopedBefore,
                            NativeOps.inPlaceTotal() - inPlaceBefore, countDecoding(), System.nanoTime() - started);
                }
            }
            long started = System.nanoTime();
            ids = history.toLongArray();
            stats.windowCopy(System.nanoTime() - started);
        }
        for (int s = 0; s < n; s++) {
            Sequence seq = bySlot[s];
            if (seq == null || !seq.decoding) {
                continue;
            }
            for (int i = 0; i < window; i++) {
                seq.length++;
                if (accept(seq, (int) ids[s * window + i])) {
                    changed = true;
                    break;
                }
            }
        }
    }

    private int countDecoding() {
        int n = 0;
        for (Sequence s : bySlot) {
            n += s != null && s.decoding ? 1 : 0;
        }
        return n;
    }

    /** Records a new token; returns true when the sequence is finished (its slot is then free). */
    private boolean accept(Sequence seq, int token) {
        if (seq.accept(token, engine.tokenizer())) {
            release(seq);
            return true;
        }
        return false;
    }

    private void release(Sequence seq) {
        bySlot[seq.slot] = null;
        sampler.release(seq.slot);
        for (Sequence s : bySlot) {
            if (s != null && s.waitingOn == seq) {
                s.waitingOn = null;
                reusePrefix(s);
            }
        }
        changed = true;
    }

    @Override
    public void close() {
        state.close();
        manager.close();
    }
}
