package io.evalstream.generator.engine.archfixture;

import io.evalstream.schemas.EvalItem;

/** Breaks the engine's row on purpose: the engine may not know what an item is. */
public final class EngineThatKnowsItems {
    public static String prompt(EvalItem item) {
        return item.getQuestion();
    }

    private EngineThatKnowsItems() {
    }
}
