package io.evalstream.generator.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts native operations for benchmarks: in-place ones (which create no array, so an NDManager
 * cannot count them) and the arrays made in scopes that close before a step ends (a layer's).
 */
final class NativeOps {

    private static final LongAdder IN_PLACE = new LongAdder();
    private static final LongAdder SCOPED_ARRAYS = new LongAdder();

    private NativeOps() {
    }

    static void inPlace(int n) {
        IN_PLACE.add(n);
    }

    static long inPlaceTotal() {
        return IN_PLACE.sum();
    }

    static void scopedArrays(int n) {
        SCOPED_ARRAYS.add(n);
    }

    static long scopedArraysTotal() {
        return SCOPED_ARRAYS.sum();
    }
}
