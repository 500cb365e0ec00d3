package io.evalstream.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test case, as in DeepEval: what the model was asked, what it said, what it should have
 * said, and supporting context. For Spider, {@code context.get(0)} is the db_id and
 * {@code expectedOutput} is the gold SQL. Immutable; lists and map are defensive copies.
 */
public record LLMTestCase(
        String input,
        String actualOutput,
        String expectedOutput,
        List<String> context,
        List<String> retrievalContext,
        Map<String, Object> metadata) {

    public LLMTestCase {
        context = context == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(context));
        retrievalContext = retrievalContext == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(retrievalContext));
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().input(input).actualOutput(actualOutput).expectedOutput(expectedOutput)
                .context(context).retrievalContext(retrievalContext).metadata(metadata);
    }

    public static final class Builder {
        private String input;
        private String actualOutput;
        private String expectedOutput;
        private List<String> context = List.of();
        private List<String> retrievalContext = List.of();
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder input(String input) { this.input = input; return this; }
        public Builder actualOutput(String actualOutput) { this.actualOutput = actualOutput; return this; }
        public Builder expectedOutput(String expectedOutput) { this.expectedOutput = expectedOutput; return this; }
        public Builder context(List<String> context) { this.context = context; return this; }
        public Builder retrievalContext(List<String> retrievalContext) { this.retrievalContext = retrievalContext; return this; }
        public Builder metadata(Map<String, Object> metadata) { this.metadata.clear(); this.metadata.putAll(metadata); return this; }
        public Builder metadata(String key, Object value) { this.metadata.put(key, value); return this; }

        public LLMTestCase build() {
            return new LLMTestCase(input, actualOutput, expectedOutput, context, retrievalContext, metadata);
        }
    }
}
