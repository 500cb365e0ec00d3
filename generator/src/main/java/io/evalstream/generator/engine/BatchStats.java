package io.evalstream.generator.engine;

/**
 * What the engine did, for benchmarks: forward calls, tokens, device-to-host copies, and the
 * native operations of decode steps (arrays created, in-place operations), so host work per token
 * is measurable on any machine.
 */
public final class BatchStats {

    private long prefillCalls;
    private long prefillTokens;
    private long decodeSteps;
    private long decodeTokens;
    private long decodeArrays;
    private long decodeInPlace;
    private long copies;
    private long decodeCopies;
    private long kvBytes;
    private long prefillNanos;
    private long decodeNanos;

    synchronized void prefill(int tokens, long nanos) {
        prefillCalls++;
        prefillTokens += tokens;
        prefillNanos += nanos;
    }

    /** A device-to-host copy outside decode steps (a prefill's first tokens or scores). */
    synchronized void copy() {
        copies++;
    }

    /** One decode step issued (its time is the host's issue time; the window's copy adds the device's). */
    synchronized void decode(long arraysCreated, long inPlace, int activeRows, long nanos) {
        decodeSteps++;
        decodeNanos += nanos;
        decodeTokens += activeRows;
        decodeArrays += arraysCreated;
        decodeInPlace += inPlace;
    }

    /** The copy of a window of decode steps' tokens to the host, which waits for the device to finish them. */
    synchronized void windowCopy(long nanos) {
        decodeNanos += nanos;
        copies++;
        decodeCopies++;
    }

    synchronized void kvBytes(long bytes) {
        kvBytes = Math.max(kvBytes, bytes);
    }

    public synchronized long prefillCalls() {
        return prefillCalls;
    }

    public synchronized long prefillTokens() {
        return prefillTokens;
    }

    public synchronized long decodeSteps() {
        return decodeSteps;
    }

    public synchronized long decodeTokens() {
        return decodeTokens;
    }

    /** Native calls that created an array, per decode step (views included). */
    public synchronized double arraysPerDecodeStep() {
        return decodeSteps == 0 ? 0 : (double) decodeArrays / decodeSteps;
    }

    /** In-place native operations per decode step. */
    public synchronized double inPlacePerDecodeStep() {
        return decodeSteps == 0 ? 0 : (double) decodeInPlace / decodeSteps;
    }

    /** Device-to-host copies per decode step. */
    public synchronized double copiesPerDecodeStep() {
        return decodeSteps == 0 ? 0 : (double) decodeCopies / decodeSteps;
    }

    public synchronized long copies() {
        return copies;
    }

    /** The largest KV cache a run allocated, in bytes. */
    public synchronized long kvBytes() {
        return kvBytes;
    }

    /** Seconds spent in prefill calls (each ends with its copy to the host, so device work is included). */
    public synchronized double prefillSeconds() {
        return prefillNanos / 1e9;
    }

    /** Mean wall time of a decode step, in milliseconds. */
    public synchronized double decodeStepMillis() {
        return decodeSteps == 0 ? 0 : decodeNanos / 1e6 / decodeSteps;
    }

    public synchronized void reset() {
        prefillCalls = prefillTokens = decodeSteps = decodeTokens = decodeArrays = decodeInPlace = copies = decodeCopies = kvBytes = 0;
        prefillNanos = decodeNanos = 0;
    }
}
