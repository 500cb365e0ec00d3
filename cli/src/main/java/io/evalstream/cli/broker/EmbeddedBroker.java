package io.evalstream.cli.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import io.evalstream.stages.SingleNodeBroker;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft broker inside this JVM, so a first run needs nothing installed. It binds to
 * 127.0.0.1 only and keeps its log under a persistent folder: a second run (after a crash or
 * Ctrl-C) reuses the topics, committed offsets and transaction state of the first, which is what
 * lets an interrupted run resume instead of starting over.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final int NODE_ID = 1;
    private static final String CLUSTER_ID_FILE = "cluster-id";
    /** Kafka writes this into its log folder on a clean shutdown and removes it at start. */
    private static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private boolean closed;

    private EmbeddedBroker(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /**
     * Starts the broker on {@code dataDir}, formatting it on first use.
     *
     * @param port the client port, 0 for any free port
     */
    public static EmbeddedBroker start(Path dataDir, int port) {
        return start(dataDir, port, new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * Starts the broker on {@code dataDir}, formatting it on first use, and says what it is doing
     * on {@code err}. The caller owns the folder (see {@link EvalStreamHome}).
     */
    public static EmbeddedBroker start(Path dataDir, int port, PrintStream err) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("log");
            DiskSpace.requireRoomToStart(dataDir);
            boolean unclean = Files.exists(logDir.resolve("meta.properties")) && !Files.exists(logDir.resolve(CLEAN_SHUTDOWN_FILE));
            err.println("starting the embedded Kafka broker (log in " + dataDir + ")"
                    + (unclean ? ", recovering its log: it was not stopped cleanly last time" : "") + " ...");
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            KafkaConfig config = new KafkaConfig(settings(logDir, brokerPort, controllerPort), false);
            formatIfNew(dataDir, logDir);
            DiskSpace.explainBrokerHalts(logDir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedBroker broker = new EmbeddedBroker(server, "127.0.0.1:" + brokerPort, logDir);
            err.println("embedded broker at " + broker.bootstrapServers()
                    + String.format(" (started in %.1f s)", (System.nanoTime() - started) / 1e9));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's folder " + dataDir + ": " + e.getMessage(), e);
        } catch (DiskSpace.NoRoomException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the embedded Kafka broker did not start on " + dataDir + " (" + e.getMessage()
                    + "). Give the command another folder with --home DIR, or use an existing cluster with --bootstrap-servers HOST:PORT.", e);
        }
    }

    static Properties settings(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.putAll(SingleNodeBroker.SETTINGS);
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // After kill -9 the restarted node finds its previous incarnation's registration in the
        // metadata log and must wait for that registration's session to expire before it can
        // register again (DUPLICATE_BROKER_REGISTRATION): 9 s by default, most of the 13.7 s a
        // re-run's broker took to start. One node in one JVM has no peer to protect from a
        // flapping broker, so a 3 s session (heartbeats every 0.5 s) is safe here.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    private static void formatIfNew(Path dataDir, Path logDir) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path idFile = dataDir.resolve(CLUSTER_ID_FILE);
        String clusterId = Files.exists(idFile) ? Files.readString(idFile).trim() : Uuid.randomUuid().toString();
        Files.writeString(idFile, clusterId);
        try {
            new Formatter()
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded broker's log folder " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * Shuts the broker down once. Both a command's normal exit and its Ctrl-C hook call this; two
     * concurrent KRaft shutdowns wait on each other forever, so the second caller only waits.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
