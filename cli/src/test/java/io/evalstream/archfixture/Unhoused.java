package io.evalstream.archfixture;

/** In no room of DESIGN.md §2 on purpose. */
public final class Unhoused {
    private Unhoused() {
    }
}
