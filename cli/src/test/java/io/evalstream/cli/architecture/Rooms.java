package io.evalstream.cli.architecture;

import java.util.List;

/**
 * DESIGN.md §2's "may use" column as the build checks it, the way Kafka's
 * checkstyle/import-control.xml holds its layering: one room a row, in the table's order.
 * {@link ArchitectureTest} turns each row into a rule; a new room, or a new arrow, starts here and
 * in DESIGN.md together.
 */
final class Rooms {

    /**
     * What every room may use, as it may use the JDK: the logging API (Kafka and DJL log through
     * it too) and JSON (the data files, configs and the HTTP API are JSON). DESIGN.md's rows name
     * the libraries that shape a room; these two shape none.
     */
    static final List<Library> SHARED = List.of(
            Library.packages("SLF4J", "org.slf4j.."),
            Library.packages("Jackson", "com.fasterxml.jackson.."));

    static final Library AVRO = Library.packages("Avro", "org.apache.avro..");
    /** What a generated record is made of: a room that uses schemas' records sees these, never its encoders. */
    static final Library AVRO_RECORDS = Library.packages("Avro records", "org.apache.avro.specific..", "org.apache.avro.generic..")
            .and(Library.classes("Avro records", "org.apache.avro.Schema"));
    static final Library KAFKA_SERDE = Library.packages("Kafka client serde API", "org.apache.kafka.common.serialization..",
                    "org.apache.kafka.common.header..")
            .and(Library.classes("Kafka client serde API", "org.apache.kafka.common.errors.SerializationException"));
    static final Library KAFKA_CLIENTS = Library.packages("Kafka clients", "org.apache.kafka.clients..", "org.apache.kafka.common..");
    /**
     * Kafka Streams and the client types its API hands out (a deserialization handler gets the
     * ConsumerRecord, a dead-letter response takes ProducerRecords, configs carry client keys);
     * not a consumer, producer or admin client of its own.
     */
    static final Library KAFKA_STREAMS = Library.packages("Kafka Streams", "org.apache.kafka.streams..", "org.apache.kafka.common..")
            .and(Library.classes("Kafka Streams", "org.apache.kafka.clients.consumer.ConsumerRecord",
                    "org.apache.kafka.clients.producer.ProducerRecord", "org.apache.kafka.clients.consumer.ConsumerConfig",
                    "org.apache.kafka.clients.producer.ProducerConfig"));
    static final Library SQLITE = Library.packages("sqlite-jdbc", "org.sqlite..");
    static final Library DJL = Library.packages("DJL", "ai.djl..").except("ai.djl.huggingface..");
    static final Library HF_TOKENIZERS = Library.packages("HF tokenizers", "ai.djl.huggingface..");
    static final Library JINJAVA = Library.packages("Jinjava", "com.hubspot.jinjava..");

    static final Room SCHEMAS = Room.of("schemas/", "io.evalstream.schemas..")
            .mayUse(AVRO, KAFKA_SERDE)
            .exposing(AVRO_RECORDS, KAFKA_SERDE);
    static final Room STAGES = Room.of("stages/", "io.evalstream.stages..")
            .mayUse(SCHEMAS)
            .mayUse(KAFKA_CLIENTS);
    static final Room CUSTOM_METRICS = Room.of("custom_metrics/", "io.evalstream.metrics..")
            .mayUse(SQLITE);
    static final Room PRODUCERS = Room.of("producers/", "io.evalstream.producers..")
            .mayUse(SCHEMAS);
    /** The engine is a library that knows nothing of items or Kafka. */
    static final Room ENGINE = Room.of("generator/ engine", "io.evalstream.generator.engine..")
            .mayUse(DJL, HF_TOKENIZERS, JINJAVA)
            .exposing(DJL);
    static final Room GENERATOR = Room.of("generator/", "io.evalstream.generator..")
            .except("io.evalstream.generator.engine..")
            .mayUse(ENGINE, SCHEMAS, STAGES);
    static final Room SCORER = Room.of("scorer/", "io.evalstream.scorer..")
            .mayUse(CUSTOM_METRICS, SCHEMAS, STAGES);
    static final Room AGGREGATOR = Room.of("aggregator/", "io.evalstream.aggregator..")
            .mayUse(SCHEMAS)
            .mayUse(KAFKA_STREAMS);
    /** May use every room and library: it has no rule of its own, and no row lets another room use it. */
    static final Room CLI = Room.of("cli/", "io.evalstream.cli..");

    static final List<Room> ALL = List.of(SCHEMAS, STAGES, CUSTOM_METRICS, PRODUCERS, ENGINE, GENERATOR, SCORER, AGGREGATOR, CLI);

    private Rooms() {
    }
}
