package io.evalstream.aggregator.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.evalstream.aggregator.AggregatorApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The aggregator's HTTP JSON API, answered from the running app's state stores:
 *
 * <pre>
 * GET /api/runs                                  runs with their models, benchmarks, metric versions
 * GET /api/runs/{run}/status                     running, finished or stalled; progress per stage and model
 * GET /api/runs/{run}/summary                    statistics per model, benchmark, category; seed means;
 *                                                anytime-valid confidence sequences
 * GET /api/runs/{run}/regression                 each model against the base, per category, with Holm
 * GET /api/runs/{run}/items?model=&amp;outcome=&amp;limit=   per-item verdicts with question, gold, reply, SQL, reason
 * GET /api/runs/{run}/charts/{name}.svg          learning-forgetting, accuracy-SPIDER, accuracy-MMLU
 * GET /                                          a live dashboard polling the above
 * </pre>
 *
 * An unknown run is a 404 and a filter value the run cannot match a 400, each with the allowed values.
 * Bound to 127.0.0.1 unless told otherwise: it has no authentication. Port 0 takes a free port.
 */
public final class AggregatorApi implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_ITEMS_LIMIT = 10_000;
    private static final Pattern RUN_PATH = Pattern.compile("^/api/runs/([^/]+)/(summary|regression|items|status)/?$");
    private static final Pattern CHART_PATH = Pattern.compile("^/api/runs/([^/]+)/charts/([A-Za-z-]+)\\.svg$");
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final RunEndpoints endpoints;

    private AggregatorApi(HttpServer server, ExecutorService executor, RunEndpoints endpoints) {
        this.server = server;
        this.executor = executor;
        this.endpoints = endpoints;
    }

    public static AggregatorApi start(AggregatorApp app, String host, int port, RecordFeed feed) throws IOException {
        return start(app, host, port, Set.of(), feed);
    }

    /**
     * @param knownOutcomes the outcome classes the metrics can give (the items filter accepts them
     *                      and any outcome the run has), e.g. every {@code Outcome} label of custom_metrics
     * @param feed          the run topics' records for the live view (items, replies, progress)
     */
    public static AggregatorApi start(AggregatorApp app, String host, int port, Set<String> knownOutcomes, RecordFeed feed)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "evalstream-api");
            t.setDaemon(true);
            return t;
        });
        RunFollower follower = new RunFollower(feed);
        AggregatorApi api = new AggregatorApi(server, executor, new RunEndpoints(new RunQueries(app), follower, knownOutcomes));
        server.createContext("/api/", api::handle);
        server.createContext("/", AggregatorApi::dashboard);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            try {
                Matcher chart = CHART_PATH.matcher(path);
                if (chart.matches()) {
                    sendSvg(exchange, endpoints.chart(URLDecoder.decode(chart.group(1), StandardCharsets.UTF_8), chart.group(2)));
                    return;
                }
                Object body = route(path, query(exchange.getRequestURI().getRawQuery()));
                if (body == null) {
                    send(exchange, 404, error("no such endpoint: " + path
                            + " (try /api/runs, /api/runs/{run}/status, /api/runs/{run}/summary, /api/runs/{run}/regression, "
                            + "/api/runs/{run}/items, /api/runs/{run}/charts/learning-forgetting.svg)"));
                } else {
                    send(exchange, 200, body);
                }
            } catch (ApiException e) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", e.getMessage());
                body.put("allowed", e.allowed());
                send(exchange, e.status(), body);
            } catch (InvalidStateStoreException e) {
                send(exchange, 503, error("the aggregator's stores are not queryable right now (starting or rebalancing): "
                        + e.getMessage()));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, error(e.getMessage()));
            } catch (RuntimeException e) {
                send(exchange, 500, error(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private static void dashboard(HttpExchange exchange) throws IOException {
        try (exchange; InputStream page = AggregatorApi.class.getResourceAsStream("dashboard.html")) {
            if (!exchange.getRequestURI().getPath().equals("/") || page == null) {
                send(exchange, 404, error("no such page: " + exchange.getRequestURI().getPath() + " (the dashboard is at /)"));
                return;
            }
            byte[] bytes = page.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object route(String path, Map<String, String> params) {
        if (path.equals("/api/runs") || path.equals("/api/runs/")) {
            return endpoints.runs();
        }
        Matcher m = RUN_PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        String run = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        return switch (m.group(2)) {
            case "summary" -> endpoints.summary(run);
            case "regression" -> endpoints.regression(run);
            case "status" -> endpoints.status(run);
            default -> endpoints.items(run, params,
                    params.containsKey("limit") ? parseLimit(params.get("limit")) : DEFAULT_ITEMS_LIMIT);
        };
    }

    private static int parseLimit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a positive integer, got '" + value + "'");
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!value.isEmpty()) {
                params.put(key, value);
            }
        }
        return params;
    }

    private static void sendSvg(HttpExchange exchange, String svg) throws IOException {
        byte[] bytes = svg.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "image/svg+xml; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
