package io.evalstream.generator.task;

import io.evalstream.generator.prompt.MmluPrompt;
import io.evalstream.generator.prompt.SpiderPrompt;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which benchmark a model answers how: one row per benchmark, as lm-evaluation-harness's task
 * registry gives each task an {@code output_type} and a prompt. Models look their items up here
 * instead of switching on the benchmark; a new benchmark is one row. (Which metric scores a
 * benchmark is the scorer's table.)
 */
public final class BenchmarkTasks {

    private static final Map<Benchmark, BenchmarkTask> TABLE = new EnumMap<>(Map.of(
            Benchmark.SPIDER, new BenchmarkTask(OutputType.GENERATE_UNTIL, SpiderPrompt::render),
            // MMLU's prompt is its original plain-text 4-shot format, whatever the model's chat template or Spider style
            Benchmark.MMLU, new BenchmarkTask(OutputType.MULTIPLE_CHOICE, (item, style, chat) -> MmluPrompt.render(item))));

    private BenchmarkTasks() {
    }

    /** The task of an item's benchmark; an item of a benchmark without a row is an error naming it. */
    public static BenchmarkTask of(EvalItem item) {
        BenchmarkTask task = TABLE.get(item.getBenchmark());
        if (task == null) {
            throw new IllegalArgumentException("item " + item.getItemId() + " has benchmark " + item.getBenchmark()
                    + "; models answer " + TABLE.keySet() + " items");
        }
        return task;
    }

    public static BenchmarkTask of(Benchmark benchmark) {
        BenchmarkTask task = TABLE.get(benchmark);
        if (task == null) {
            throw new IllegalArgumentException("no task for benchmark " + benchmark + "; the table has " + TABLE.keySet());
        }
        return task;
    }
}
