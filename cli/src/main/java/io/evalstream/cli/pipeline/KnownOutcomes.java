package io.evalstream.cli.pipeline;

import io.evalstream.metrics.Outcome;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The outcome classes the metrics can give: what the API's items filter accepts before a run has any. */
public final class KnownOutcomes {

    public static Set<String> labels() {
        return Arrays.stream(Outcome.values()).map(Outcome::label).collect(Collectors.toUnmodifiableSet());
    }

    private KnownOutcomes() {
    }
}
