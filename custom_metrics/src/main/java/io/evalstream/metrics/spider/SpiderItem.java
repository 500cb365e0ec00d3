package io.evalstream.metrics.spider;

import io.evalstream.metrics.LLMTestCase;
import java.util.List;

/** One Spider dev item: its position in dev.json (0-based), database, question and gold SQL. */
public record SpiderItem(int index, String dbId, String question, String query) {

    /** The test case ExecutionAccuracy scores: db_id in context[0], gold SQL as expected output. */
    public LLMTestCase testCase(String predictedSql) {
        return LLMTestCase.builder()
                .input(question)
                .actualOutput(predictedSql)
                .expectedOutput(query)
                .context(List.of(dbId))
                .metadata("index", index)
                .build();
    }
}
