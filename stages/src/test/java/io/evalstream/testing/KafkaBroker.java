package io.evalstream.testing;

import io.evalstream.schemas.Topic;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Kafka broker per test JVM, for integration tests. Chosen in this order: an external
 * broker when {@code KAFKA_BOOTSTRAP_SERVERS} is set; a Testcontainers {@code apache/kafka}
 * broker when a Docker engine answers; else Kafka's own in-JVM KRaft test kit. Tests get it as
 * a parameter: {@code @ExtendWith(KafkaBroker.class) ... void test(KafkaBroker broker)}.
 *
 * <p>The broker outlives a single test class (it lives in the root extension store) because
 * starting one costs seconds; tests isolate themselves with unique topic names or run ids.
 */
public final class KafkaBroker implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);

    private final String bootstrapServers;
    private final String kind;

    KafkaBroker(String bootstrapServers, String kind) {
        this.bootstrapServers = bootstrapServers;
        this.kind = kind;
    }

    /** For JUnit: an instance used only as the extension; the broker itself is resolved lazily. */
    public KafkaBroker() {
        this(null, null);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** external, testcontainers or test-kit. */
    public String kind() {
        return kind;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Creates the pipeline's topics if absent, with the given partitions, and waits until they exist. */
    public void createTopics(int partitions, Topic<?>... topics) {
        createTopics(partitions, Arrays.stream(topics).map(Topic::name).toArray(String[]::new));
    }

    /** Creates the topics if absent, with the given partitions, and waits until they exist. */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = Arrays.stream(names)
                    .filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1))
                    .collect(Collectors.toList());
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + String.join(",", names), e.getCause());
        }
    }

    /** A name no other test uses, for topics, run ids and group ids. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningBroker.class, k -> RunningBroker.start(), RunningBroker.class)
                .handle;
    }

    /** The started broker, closed by JUnit when the test JVM's root context closes. */
    static final class RunningBroker implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final KafkaBroker handle;
        private final AutoCloseable owner;

        private RunningBroker(KafkaBroker handle, AutoCloseable owner) {
            this.handle = handle;
            this.owner = owner;
        }

        static RunningBroker start() {
            String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                return new RunningBroker(new KafkaBroker(external, "external"), () -> { });
            }
            if (ContainerBroker.dockerAvailable()) {
                ContainerBroker container = ContainerBroker.start();
                return new RunningBroker(new KafkaBroker(container.bootstrapServers(), "testcontainers"), container);
            }
            TestKitBroker testKit = TestKitBroker.start();
            return new RunningBroker(new KafkaBroker(testKit.bootstrapServers(), "test-kit"), testKit);
        }

        @Override
        public void close() throws Exception {
            owner.close();
        }
    }
}
