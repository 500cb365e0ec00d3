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
    private final NDArray rowIds;       // [S, 1] int64
    private final NDArray nextTokens;   // [S] int64
    private final NDArray positions;    // [S] int64
    private final NDArray drawn;        // [S] int64: tokens generated so far (the sampler's draw index)
    private final NDArray advance;      // [S] int64: 1 for decoding slots
    private final Sequence[] bySlot;
    private final BatchStats stats;
    private LoraRouting decodeRouting = LoraRouting.base();
    private boolean changed = true;
    private int decodeRows;

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
        this.rowIds = manager.arange(0, this.slots, 1, DataType.INT64).reshape(this.slots, 1);
        this.nextTokens = manager.zeros(new Shape(this.slots), DataType.INT64);
        this.positions = manager.zeros(new Shape(this.slots), DataType.INT64);
        this.drawn = manager.zeros(new Shape(this.slots), DataType.INT64);
        this.advance = manager.zeros(new Shape(this.slots), DataType.INT64);
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
        int longest = 0;
        for (Sequence s : ready) {
            longest = Math.max(longest, s.prompt.length - s.prefilled);
        }
        int t = Math.max(1, Math.min(prefillBudget, longest));
        int b = Math.min(ready.size(), Math.max(1, prefillBudget / t));
        List<Sequence> rows = ready.subList(0, b);
        long[] tokens = new long[b * t];
        long[] pos = new long[b * t];
        long[] rowSlots = new long[b];
        int[] adapterSlots = new int[b];
        int[] taken = new int[b];
        int maxPos = 0;
        for (int i = 0; i < b; i++) {
            Sequence s = rows.get(i);
            int c = Math.min(s.prompt.length - s.prefilled, t);
            taken[i] = c;
            for (int j = 0; j < t; j++) {
                int k = j - (t - c);
                tokens[i * t + j] = k < 0 ? 0 : s.prompt[s.prefilled + k];
                pos[i * t + j] = k < 0 ? cache.scratchColumn() : s.prefilled + k;
            }
            maxPos = Math.max(maxPos, s.prefilled + c - 1);
            rowSlots[i] = s.slot;
            adapterSlots[i] = engine.stackSlot(s.adapter);
        }
        long started = System.nanoTime();
        try (NDManager step = manager.newSubManager()) {
            ForwardBatch batch = new ForwardBatch(step.create(tokens, new Shape(b, t)), step.create(pos, new Shape(b, t)),
                    step.create(rowSlots, new Shape(b, 1)), -1, ForwardBatch.keysFor(maxPos, cache), true);
            LoraRouting routing = LoraRouting.of(engine.stacks(), adapterSlots, t, step, dtype);
            NDArray logits = model.forward(step, batch, cache, routing);
            List<Integer> completing = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                if (rows.get(i).prefilled + taken[i] == rows.get(i).prompt.length) {
                    completing.add(i);
                }
            }
            long[] first = null;
            float[] scores = null;
            if (!completing.isEmpty()) {
                if (rows.stream().anyMatch(s -> s.generation != null)) {
                    int[] slotsOfRows = rows.stream().mapToInt(s -> s.slot).toArray();
                    first = sampler.choose(step, logits, slotsOfRows, batch.rows().reshape(b), step.zeros(new Shape(b), DataType.INT64))
                            .toLongArray();
                    stats.copy();
                }
                if (rows.stream().anyMatch(s -> s.scoring != null)) {
                    scores = candidateLogProbs(step, logits, rows);
                    stats.copy();
                }
            }
            for (int i = 0; i < b; i++) {
                Sequence s = rows.get(i);
                int before = s.prefilled;
                s.prefilled += taken[i];
                if (s.prefixLength > 0 && before < s.prefixLength && s.prefilled >= s.prefixLength) {
                    storePrefix(s);
                }
            }
            for (int i : completing) {
                Sequence s = rows.get(i);
                s.length = s.prompt.length;
                if (s.scoring != null) {
                    int c = s.scoring.candidates().length;
                    double[] lp = new double[c];
                    int width = scores.length / b;
                    for (int k = 0; k < c; k++) {
                        lp[k] = scores[i * width + k];
                    }
                    s.scores = lp;
                    release(s);
                } else if (!accept(s, (int) first[i])) {
                    s.decoding = true;
                    changed = true;
                }
            }
        }
        stats.prefill(Arrays.stream(taken).sum(), System.nanoTime() - started);
    }

    /** Log-softmax in float32 of each row's logits, gathered at its candidates: {@code [B · maxCandidates]}. */
    private float[] candidateLogProbs(NDManager step, NDArray logits, List<Sequence> rows) {
        int width = rows.stream().mapToInt(s -> s.scoring == null ? 1 : s.scoring.candidates().length).max().orElse(1);
        long[] cand = new long[rows.size() * width];
        long[] row = new long[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            int[] c = rows.get(i).scoring == null ? new int[] {0} : rows.get(i).scoring.candidates();
            for (int k = 0; k < width; k++) {
                cand[i * width + k] = c[Math.min(k, c.length - 1)];
                row[i * width + k] = i;
            }
        }
        NDArray lp = logits.toType(DataType.FLOAT32, false).logSoftmax(1);
        return lp.get(step, new NDIndex("{}, {}", step.create(row), step.create(cand))).toFloatArray();
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
            uploadDecodeState();
        }
        int n = decodeRows;
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
                    ForwardBatch batch = new ForwardBatch(nextTokens.get(step, first).reshape(n, 1), positions.get(step, first).reshape(n, 1),
                            rowIds.get(step, first), 0, ForwardBatch.keysFor(maxLength + i, cache), true);
                    NDArray logits = model.forward(step, batch, cache, decodeRouting);
                    NDArray next = sampler.choose(step, logits, rows, batch.rows().reshape(n), drawn.get(step, first));
                    history.set(new NDIndex(":, {}", i), next);
                    nextTokens.set(first, next);
                    positions.get(step, first).addi(advance.get(step, first));
                    drawn.get(step, first).addi(advance.get(step, first));
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

    /** Uploads each slot's next token, position, draw index and adapter after sequences started or ended. */
    private void uploadDecodeState() {
        long[] next = new long[slots];
        long[] pos = new long[slots];
        long[] draws = new long[slots];
        long[] adv = new long[slots];
        int[] adapterSlots = new int[slots];
        int last = -1;
        for (int s = 0; s < slots; s++) {
            Sequence seq = bySlot[s];
            boolean dec = seq != null && seq.decoding;
            next[s] = dec ? seq.generated[seq.count - 1] : 0;
            pos[s] = dec ? seq.length : cache.scratchColumn(); // idle and prefilling rows write only the scratch column
            draws[s] = dec ? seq.count : 0;
            adv[s] = dec ? 1 : 0;
            adapterSlots[s] = dec ? engine.stackSlot(seq.adapter) : -1;
            last = dec ? s : last;
        }
        decodeRows = last + 1;
        try (NDManager tmp = manager.newSubManager()) {
            NDIndex all = new NDIndex(":");
            nextTokens.set(all, tmp.create(next));
            positions.set(all, tmp.create(pos));
            drawn.set(all, tmp.create(draws));
            advance.set(all, tmp.create(adv));
        }
        decodeRouting.close();
        decodeRouting = LoraRouting.of(engine.stacks(), Arrays.copyOf(adapterSlots, Math.max(1, decodeRows)), 1, manager, dtype);
        changed = false;
    }

    /** Records a new token; returns true when the sequence is finished (its slot is then free). */
    private boolean accept(Sequence seq, int token) {
        GenerationRequest req = seq.generation;
        if (!req.ignoreEos() && engine.tokenizer() != null && engine.tokenizer().eosIds().contains(token)) {
            finish(seq, Generation.FinishReason.EOS, null);
            return true;
        }
        seq.generated[seq.count++] = token;
        if (seq.stops.active() && seq.stops.mayStop(seq.generated, seq.count)) {
            String cut = seq.stops.cut(engine.tokenizer().decode(Arrays.copyOf(seq.generated, seq.count)));
            if (cut != null) {
                finish(seq, Generation.FinishReason.STOP_STRING, cut);
                return true;
            }
        }
        if (seq.count >= seq.maxNew) {
            finish(seq, Generation.FinishReason.LENGTH, null);
            return true;
        }
        return false;
    }

    private void finish(Sequence seq, Generation.FinishReason reason, String text) {
        int[] tokens = Arrays.copyOf(seq.generated, seq.count);
        String out = text != null ? text : engine.tokenizer() == null ? "" : engine.tokenizer().decode(tokens);
        seq.result = new Generation(tokens, out, reason, seq.prompt.length, seq.reused);
        release(seq);
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
        decodeRouting.close();
        manager.close();
    }
}
