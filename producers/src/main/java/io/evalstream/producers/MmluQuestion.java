package io.evalstream.producers;

import java.util.List;

/**
 * One row of an MMLU CSV file.
 *
 * @param row    0-based position of the row in its file (pandas' index in the original code)
 * @param line   1-based physical line where the row starts, for messages
 * @param answer the gold letter, A-D
 */
public record MmluQuestion(String subject, String split, int row, int line, String question, List<String> choices, String answer) {
    public MmluQuestion {
        choices = List.copyOf(choices);
    }
}
