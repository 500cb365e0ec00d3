/**
 * The aggregator: running statistics of every (run, metric version, model, benchmark, category)
 * and the regression of each fine-tuned model against the run's base model, as a Kafka Streams
 * application with exactly-once processing.
 *
 * <ul>
 *   <li>{@link io.evalstream.aggregator.AggregatorTopology} builds the topology,
 *       {@link io.evalstream.aggregator.AggregatorApp} runs it, and
 *       {@link io.evalstream.aggregator.api.AggregatorApi} serves its state stores over HTTP.</li>
 *   <li>{@link io.evalstream.aggregator.RunResults} holds a run's published results (the cli reads
 *       them from the aggregates and regression topics); {@link io.evalstream.aggregator.ResultTable}
 *       and {@link io.evalstream.aggregator.ResultJson} print them.</li>
 *   <li>Conventions: category "all" is the aggregate over categories; a score is correct when it
 *       is at least 0.5; unscorable scores are counted apart, by "outcome (group)"; a model id
 *       ending in {@code @seed<N>} is seed N of one configuration (see
 *       {@link io.evalstream.aggregator.SeedSummary}).</li>
 *   <li>The statistics themselves are plain functions in {@code io.evalstream.aggregator.stats}.</li>
 * </ul>
 */
package io.evalstream.aggregator;
