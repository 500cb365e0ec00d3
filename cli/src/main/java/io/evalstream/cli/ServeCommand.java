package io.evalstream.cli;

import io.evalstream.cli.pipeline.KnownOutcomes;
import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.RegressionOptions;
import io.evalstream.aggregator.api.AggregatorApi;
import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.broker.ExistingBroker;
import io.evalstream.cli.pipeline.ItemPublisher;
import io.evalstream.cli.pipeline.PublishedRunRecords;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.RunManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evalstream serve --run RUN}: the live dashboard and HTTP API of a run after {@code run}
 * has ended (or while it goes on elsewhere), until stopped. It runs its own aggregator (its own
 * application id, so it never takes partitions from a running pipeline's aggregator), which
 * rebuilds the counts from the scores topic and keeps counting whatever still arrives.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the live dashboard and HTTP API of a run (after `run` has ended, or beside it), until stopped.")
public final class ServeCommand implements Callable<Integer> {
    static final String APPLICATION_ID = "evalstream-serve";

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The run id the page opens on.")
    String run;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "HTTP port (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = AggregatorApi.DEFAULT_HOST, paramLabel = "HOST",
            description = "Address to bind; loopback by default (the API has no authentication).")
    String host;



    @Mixin
    RunBroker runBroker;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path homeDir = runBroker.home().dir();
        BrokerConnection broker;
        try {
            broker = runBroker.open("serve", err);
        } catch (ExistingBroker.NoBrokerException e) {
            err.println(e.getMessage());
            err.flush();
            return ResultsCommand.NO_BROKER;
        }
        Optional<RunManifest> manifest = new ItemPublisher(broker.bootstrapServers()).existingManifest(run);
        if (manifest.isEmpty()) {
            err.println("warning: no manifest for run " + run + " on " + broker.bootstrapServers()
                    + " (is the run id right?); serving every run the topics hold");
        }
        String base = manifest.flatMap(m -> m.getModels().stream().filter(ModelInfo::getBase).map(ModelInfo::getModelId).findFirst())
                .orElse(RegressionOptions.DEFAULT_BASE_MODEL);
        // one application (and state folder) per base model id: the regression counts depend on it
        String applicationId = APPLICATION_ID + "-" + base.replaceAll("[^A-Za-z0-9._-]", "_");
        AggregatorApp app = new AggregatorApp(AggregatorApp.config(broker.bootstrapServers(), applicationId,
                homeDir.resolve("serve").resolve(applicationId)), RegressionOptions.defaults().withBaseModel(base));
        CountDownLatch stop = new CountDownLatch(1);
        AggregatorApi[] api = new AggregatorApi[1];
        PublishedRunRecords.Live feed = PublishedRunRecords.follow(broker.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (api[0] != null) {
                api[0].close();
            }
            feed.close();
            app.close();
            broker.close();
            stop.countDown();
        }, "evalstream-serve-shutdown"));
        err.println("counting run " + run + " from " + broker.bootstrapServers() + " ...");
        err.flush();
        app.start();
        api[0] = AggregatorApi.start(app, host, port, KnownOutcomes.labels(), feed);
        PrintWriter out = spec.commandLine().getOut();
        out.println("dashboard of run " + run + ": " + api[0].uri() + "?run=" + run + " (Ctrl-C stops it)");
        out.flush();
        stop.await();
        return 0;
    }
}
