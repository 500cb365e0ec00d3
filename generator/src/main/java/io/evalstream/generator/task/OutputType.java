package io.evalstream.generator.task;

/** How a model answers a benchmark's items, in lm-evaluation-harness's terms ({@code output_type}). */
public enum OutputType {
    /** Free text, generated until a stop string or the token limit (Spider's SQL). */
    GENERATE_UNTIL,
    /** The choice letter with the highest next-token log-probability after one forward pass (MMLU). */
    MULTIPLE_CHOICE
}
