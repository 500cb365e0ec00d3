package io.evalstream.metrics.spider;

import io.evalstream.metrics.BaseMetric;
import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.compare.CanonicalValues;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import io.evalstream.metrics.spider.compare.Comparison;
import io.evalstream.metrics.spider.compare.ResultSetComparator;
import io.evalstream.metrics.sql.QueryFailure;
import io.evalstream.metrics.sql.QueryResult;
import io.evalstream.metrics.sql.ReadOnlyConnectionPool;
import io.evalstream.metrics.sql.SqlExtractor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spider execution accuracy: turns the model's raw reply into SQL ({@link SqlExtractor}, part of
 * this metric and of its version), runs it and the gold SQL on the item's database (context[0] is
 * the db_id) inside the read-only sandbox, as the comparison mode says ({@link QueryText}), and
 * compares the result sets. {@link #evaluate} is thread-safe, keeps no per-call state on the
 * instance and never throws for a bad prediction: every failure is the item's outcome. Close it
 * to close the pooled connections.
 */
public final class ExecutionAccuracy extends BaseMetric implements AutoCloseable {
    public static final String NAME = "execution_accuracy";
    /**
     * Bump when a code change can change a verdict (extraction, rewrites, comparison, sandbox, error classes).
     * 2: raw replies are extracted here; official mode reproduces test-suite-sql-eval; strict mode; limits on bytes and wall time.
     */
    public static final int SEMANTICS_VERSION = 2;

    private final SpiderDatabases databases;
    private final ExecutionOptions options;
    private final ReadOnlyConnectionPool pool;
    private final CanonicalValues canonical;
    /** Whether row order matters, by gold SQL: the official rewrite of a gold query is needed once, not per prediction. */
    private final Map<String, Boolean> orderMattersByGold = new ConcurrentHashMap<>();

    public ExecutionAccuracy(SpiderDatabases dbs, ExecutionOptions options) {
        this(dbs, options, true);
    }

    /** @param reuseConnections false opens a fresh connection per query (the benchmark's baseline) */
    public ExecutionAccuracy(SpiderDatabases dbs, ExecutionOptions options, boolean reuseConnections) {
        this(dbs, options, 0.5, false, false, true, reuseConnections);
    }

    public ExecutionAccuracy(SpiderDatabases dbs, ExecutionOptions options, double threshold, boolean strictMode,
                             boolean asyncMode, boolean includeReason, boolean reuseConnections) {
        super(threshold, strictMode, asyncMode, includeReason);
        this.databases = dbs;
        this.options = options;
        this.pool = new ReadOnlyConnectionPool(reuseConnections);
        this.canonical = new CanonicalValues(options.floatTolerance());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** "2/official" with the defaults; options that can change a verdict are appended when not default. */
    @Override
    public String version() {
        StringBuilder v = new StringBuilder().append(SEMANTICS_VERSION).append('/').append(options.mode().label());
        if (!options.timeout().equals(ExecutionOptions.DEFAULT_TIMEOUT)) {
            v.append("/timeout=").append(options.timeout().toMillis()).append("ms");
        }
        if (options.maxRows() != ExecutionOptions.DEFAULT_MAX_ROWS) {
            v.append("/rows=").append(options.maxRows());
        }
        if (options.maxBytes() != ExecutionOptions.DEFAULT_MAX_BYTES) {
            v.append("/bytes=").append(options.maxBytes());
        }
        if (options.floatTolerance() != null) {
            v.append("/tol=").append(options.floatTolerance());
        }
        return v.toString();
    }

    /** A test case this metric scores: the db_id goes into context[0], the gold SQL is the expected output. */
    public static LLMTestCase testCase(String dbId, String question, String reply, String goldSql) {
        return LLMTestCase.builder().input(question).actualOutput(reply).expectedOutput(goldSql).context(List.of(dbId)).build();
    }

    public ExecutionOptions options() {
        return options;
    }

    /** Connections opened so far (for the benchmark and for tests of reuse). */
    public long connectionsOpened() {
        return pool.openedCount();
    }

    @Override
    public Verdict evaluate(LLMTestCase testCase) {
        String dbId = dbIdOf(testCase);
        if (databases.path(dbId).isEmpty()) {
            return Verdict.failed(Outcome.UNSCORABLE_DB_MISSING, "database '" + dbId + "' is missing: expected "
                    + databases.expectedPath(dbId) + "; the item cannot be scored (see spider/MANIFEST.md for known gaps)");
        }
        String goldSql = testCase.expectedOutput();
        if (goldSql == null || goldSql.isBlank()) {
            return Verdict.failed(Outcome.UNSCORABLE_GOLD_FAILED, "the test case has no gold SQL in expectedOutput");
        }
        String executed = null;
        try {
            List<Path> files = options.mode() == ComparisonMode.OFFICIAL ? databases.suite(dbId) : List.of(databases.expectedPath(dbId));
            List<QueryResult> golds = new ArrayList<>(files.size());
            for (Path file : files) {
                GoldResult gold = goldResult(file, goldSql);
                if (!gold.succeeded()) {
                    return Verdict.failed(Outcome.UNSCORABLE_GOLD_FAILED, "gold query failed on " + file.getFileName() + " ("
                            + gold.failureOutcome().label() + "): " + gold.failure());
                }
                golds.add(gold.result());
            }
            String reply = testCase.actualOutput() == null ? "" : testCase.actualOutput();
            if (reply.length() > SqlExtractor.MAX_REPLY_CHARS) {
                return Verdict.failed(Outcome.TOO_LARGE, "the reply has " + reply.length() + " chars; replies over "
                        + SqlExtractor.MAX_REPLY_CHARS + " chars are not scored");
            }
            String extracted = SqlExtractor.extract(reply);
            if (extracted.isEmpty()) {
                return Verdict.failed(Outcome.EMPTY_OUTPUT, "no SQL found in the model output");
            }
            executed = extracted;
            executed = QueryText.prediction(extracted, options.mode());
            boolean orderMatters = orderMattersByGold.computeIfAbsent(goldSql, g -> QueryText.orderMatters(g, options.mode()));
            for (int i = 0; i < files.size(); i++) {
                QueryResult predicted = run(files.get(i), executed);
                Comparison c = ResultSetComparator.compare(golds.get(i).rows(), predicted.rows(), options.mode(), orderMatters, canonical);
                if (!c.equal()) {
                    return Verdict.failed(Outcome.WRONG_RESULT, c.difference()).withExecuted(executed);
                }
            }
            int rows = golds.get(0).rows().size();
            return Verdict.correct("same result as gold (" + rows + " rows, " + options.mode().label() + " comparison)").withExecuted(executed);
        } catch (QueryFailure f) {
            return Verdict.failed(f.outcome(), f.getMessage()).withExecuted(executed);
        } catch (RuntimeException | StackOverflowError e) {
            return Verdict.failed(Outcome.EVALUATION_ERROR, "scoring failed: " + e).withExecuted(executed);
        }
    }

    private GoldResult goldResult(Path file, String goldSql) {
        GoldResultCache cache = options.goldCache();
        if (cache == null) {
            return runGold(file, goldSql);
        }
        return cache.get(file, options.mode().label() + "\n" + goldSql, options.limits(), () -> runGold(file, goldSql));
    }

    private GoldResult runGold(Path file, String goldSql) {
        try {
            return GoldResult.of(run(file, QueryText.gold(goldSql, options.mode())));
        } catch (QueryFailure f) {
            return GoldResult.failed(f.outcome(), f.getMessage());
        }
    }

    private QueryResult run(Path file, String sql) throws QueryFailure {
        if (sql.equals(QueryText.NO_STATEMENT)) {
            return new QueryResult(List.of(), List.of());
        }
        try {
            return pool.query(file, sql, options.limits());
        } catch (SQLException e) {
            throw new QueryFailure(Outcome.UNSCORABLE_DB_MISSING, "cannot open " + file + ": " + e.getMessage());
        }
    }

    private static String dbIdOf(LLMTestCase testCase) {
        if (testCase.context().isEmpty() || testCase.context().get(0) == null || testCase.context().get(0).isBlank()) {
            throw new IllegalArgumentException("ExecutionAccuracy needs the Spider db_id as context[0]; the test case for input '"
                    + testCase.input() + "' has context " + testCase.context());
        }
        return testCase.context().get(0).trim();
    }

    @Override
    public void close() {
        pool.close();
    }
}
