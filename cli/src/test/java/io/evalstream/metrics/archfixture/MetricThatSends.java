package io.evalstream.metrics.archfixture;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Breaks custom_metrics' row on purpose: a metric knows nothing of Kafka. */
public final class MetricThatSends {
    public static ProducerRecord<String, String> verdict(String itemId) {
        return new ProducerRecord<>("scores", itemId, "correct");
    }

    private MetricThatSends() {
    }
}
