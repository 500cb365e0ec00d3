package io.evalstream.scorer.archfixture.one;

import io.evalstream.scorer.archfixture.two.Second;

/** Half of a package cycle made on purpose: one uses two ... */
public final class First {
    public static int depth() {
        return Second.depth() + 1;
    }

    public static int base() {
        return 0;
    }

    private First() {
    }
}
