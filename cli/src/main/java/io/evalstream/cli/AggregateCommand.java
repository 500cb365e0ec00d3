package io.evalstream.cli;

import io.evalstream.cli.pipeline.KnownOutcomes;
import io.evalstream.aggregator.api.AggregatorApi;
import io.evalstream.cli.pipeline.PublishedRunRecords;
import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.pipeline.Stages;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The aggregator alone: the Kafka Streams application, until stopped. */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "Keep running statistics and the regression by category (Kafka Streams, exactly-once), until stopped.")
public final class AggregateCommand implements Callable<Integer> {
    @Option(names = "--base-model", defaultValue = "base", description = "Model id the regression compares others against.")
    String baseModel;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions for topics this command creates.")
    int partitions;

    @Option(names = "--api-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the HTTP API and dashboard (0: any free port, -1: none).")
    int apiPort;

    @Option(names = "--api-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address the API binds to; loopback by default.")
    String apiHost;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        BrokerConnection broker = common.openBroker(partitions);
        AggregatorApp app = Stages.aggregator(broker.bootstrapServers(), common.streamsStateDir(), baseModel);
        CountDownLatch stop = new CountDownLatch(1);
        PublishedRunRecords.Live feed = PublishedRunRecords.follow(broker.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            feed.close();
            app.close();
            broker.close();
            stop.countDown();
        }));
        app.onNotice(System.err::println);
        System.err.println("starting the aggregator (Kafka Streams) ...");
        app.start();
        if (apiPort >= 0) {
            AggregatorApi api = AggregatorApi.start(app, apiHost, apiPort, KnownOutcomes.labels(), feed);
            System.err.println("API and dashboard at " + api.uri());
        }
        System.err.println("aggregator running on " + broker.bootstrapServers() + "; Ctrl-C stops it");
        // a client that shut down (a long broker outage) is restarted; one that keeps dying ends the process, loudly
        while (!stop.await(1, TimeUnit.SECONDS)) {
            try {
                app.ensureRunning();
            } catch (IllegalStateException e) {
                System.err.println("evalstream: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }
}
