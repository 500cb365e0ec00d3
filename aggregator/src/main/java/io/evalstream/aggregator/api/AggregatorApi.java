package io.evalstream.aggregator.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.ResultJson;
import io.evalstream.aggregator.SeedSummary;
import io.evalstream.schemas.AccuracyStats;
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
 * GET /api/runs/{run}/summary                    statistics per model, benchmark, category; seed means
 * GET /api/runs/{run}/regression                 each model against the base, per category
 * GET /api/runs/{run}/items?model=&amp;outcome=&amp;limit=   per-item verdicts
 * GET /                                          a live dashboard polling the above
 * </pre>
 *
 * Bound to 127.0.0.1 unless told otherwise: it has no authentication. Port 0 takes a free port.
 */
public final class AggregatorApi implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_ITEMS_LIMIT = 10_000;
    private static final Pattern RUN_PATH = Pattern.compile("^/api/runs/([^/]+)/(summary|regression|items)/?$");
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final RunQueries queries;

    private AggregatorApi(HttpServer server, ExecutorService executor, RunQueries queries) {
        this.server = server;
        this.executor = executor;
        this.queries = queries;
    }

    public static AggregatorApi start(AggregatorApp app, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "evalstream-api");
            t.setDaemon(true);
            return t;
        });
        AggregatorApi api = new AggregatorApi(server, executor, new RunQueries(app));
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
                Object body = route(path, query(exchange.getRequestURI().getRawQuery()));
                if (body == null) {
                    send(exchange, 404, error("no such endpoint: " + path
                            + " (try /api/runs, /api/runs/{run}/summary, /api/runs/{run}/regression, /api/runs/{run}/items)"));
                } else {
                    send(exchange, 200, body);
                }
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
            return Map.of("runs", queries.runs().values());
        }
        Matcher m = RUN_PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        String run = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run);
        switch (m.group(2)) {
            case "summary" -> {
                List<AccuracyStats> stats = queries.summary(run);
                out.put("stats", ResultJson.stats(stats));
                out.put("seeds", ResultJson.seeds(SeedSummary.of(stats)));
            }
            case "regression" -> out.put("regressions", ResultJson.regressions(queries.regressions(run)));
            default -> {
                int limit = params.containsKey("limit") ? parseLimit(params.get("limit")) : DEFAULT_ITEMS_LIMIT;
                out.put("items", queries.items(run, params.get("model"), params.get("outcome"), limit));
            }
        }
        return out;
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
