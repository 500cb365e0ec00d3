package io.evalstream.generator.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts in-place native operations (which create no array, so an NDManager cannot count them),
 * so that a benchmark can report every native call of a decode step.
 */
final class InPlaceOps {

    private static final LongAdder COUNT = new LongAdder();

    private InPlaceOps() {
    }

    static void add(int n) {
        COUNT.add(n);
    }

    static long total() {
        return COUNT.sum();
    }
}
