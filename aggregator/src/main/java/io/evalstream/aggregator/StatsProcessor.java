package io.evalstream.aggregator;

import io.evalstream.schemas.AccuracyStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps count, correct and unscorable per (run, metric version, model, benchmark, category)
 * and for category "all", and publishes the statistics of every count it touched. A replaced
 * verdict is taken out of its old category before the new one is added.
 */
final class StatsProcessor implements Processor<String, VerdictChange, String, AccuracyStats> {
    private ProcessorContext<String, AccuracyStats> context;
    private KeyValueStore<String, StatsCounts> counts;

    @Override
    public void init(ProcessorContext<String, AccuracyStats> context) {
        this.context = context;
        this.counts = context.getStateStore(AggregatorTopology.STATS_STORE);
    }

    @Override
    public void process(Record<String, VerdictChange> record) {
        VerdictChange change = record.value();
        Map<String, StatsCounts> touched = new LinkedHashMap<>();
        if (change.before() != null) {
            apply(change, change.before(), -1, touched);
        }
        apply(change, change.after(), +1, touched);
        for (StatsCounts touchedCounts : touched.values()) {
            StatsCounts c = touchedCounts.at(record.timestamp());
            counts.put(c.key(), c);
            context.forward(new Record<>(c.key(), c.toAvro(), record.timestamp()));
        }
    }

    private void apply(VerdictChange change, ScoreVerdict verdict, int sign, Map<String, StatsCounts> touched) {
        for (String category : new String[] {verdict.category(), StatsCounts.ALL}) {
            StatsCounts zero = StatsCounts.zero(change, category);
            StatsCounts current = touched.get(zero.key());
            if (current == null) {
                current = counts.get(zero.key());
            }
            touched.put(zero.key(), (current == null ? zero : current).plus(verdict, sign));
        }
    }
}
