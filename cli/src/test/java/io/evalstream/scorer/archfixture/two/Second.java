package io.evalstream.scorer.archfixture.two;

import io.evalstream.scorer.archfixture.one.First;

/** ... and two uses one. */
public final class Second {
    public static int depth() {
        return First.base() + 1;
    }

    private Second() {
    }
}
