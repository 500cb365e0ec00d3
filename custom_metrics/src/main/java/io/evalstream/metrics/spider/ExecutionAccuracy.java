package io.evalstream.metrics.spider;

import io.evalstream.metrics.BaseMetric;
import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.compare.CanonicalValues;
import io.evalstream.metrics.spider.compare.Comparison;
import io.evalstream.metrics.spider.compare.ResultSetComparator;
import io.evalstream.metrics.sql.QueryFailure;
import io.evalstream.metrics.sql.QueryResult;
import io.evalstream.metrics.sql.ReadOnlyConnectionPool;
import io.evalstream.metrics.sql.SandboxedConnection;
import io.evalstream.metrics.sql.SingleStatement;
import io.evalstream.metrics.sql.SqlExtractor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Spider execution accuracy: runs the predicted SQL and the gold SQL on the item's database
 * (context[0] is the db_id) inside the read-only sandbox and compares their result sets.
 * {@link #evaluate} is thread-safe and keeps no per-call state on the instance; connections
 * come from a pool (one per database per concurrent caller) and gold results from the
 * optional shared {@link GoldResultCache}. Close it to close the pooled connections.
 */
public final class ExecutionAccuracy extends BaseMetric implements AutoCloseable {
    public static final String NAME = "execution_accuracy";
    /** Bump when a code change can change a verdict (comparison, extraction, sandbox, error classes). */
    public static final int SEMANTICS_VERSION = 1;

    private final SpiderDatabases databases;
    private final ExecutionOptions options;
    private final ReadOnlyConnectionPool pool;
    private final CanonicalValues canonical;

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

    /** "1/official" with the defaults; options that can change a verdict are appended when not default. */
    @Override
    public String version() {
        StringBuilder v = new StringBuilder().append(SEMANTICS_VERSION).append('/').append(options.mode().label());
        if (!options.timeout().equals(ExecutionOptions.DEFAULT_TIMEOUT)) {
            v.append("/timeout=").append(options.timeout().toMillis()).append("ms");
        }
        if (options.maxRows() != ExecutionOptions.DEFAULT_MAX_ROWS) {
            v.append("/rows=").append(options.maxRows());
        }
        if (options.floatTolerance() != null) {
            v.append("/tol=").append(options.floatTolerance());
        }
        return v.toString();
    }

    /** A test case this metric scores: the db_id goes into context[0], the gold SQL is the expected output. */
    public static LLMTestCase testCase(String dbId, String question, String predictedSql, String goldSql) {
        return LLMTestCase.builder().input(question).actualOutput(predictedSql).expectedOutput(goldSql).context(List.of(dbId)).build();
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
        Optional<Path> file = databases.path(dbId);
        if (file.isEmpty()) {
            return Verdict.failed(Outcome.UNSCORABLE_DB_MISSING, "database '" + dbId + "' is missing: expected "
                    + databases.expectedPath(dbId) + "; the item cannot be scored (see spider/MANIFEST.md for known gaps)");
        }
        String goldSql = testCase.expectedOutput();
        if (goldSql == null || goldSql.isBlank()) {
            return Verdict.failed(Outcome.UNSCORABLE_GOLD_FAILED, "the test case has no gold SQL in expectedOutput");
        }
        GoldResult gold = goldResult(dbId, file.get(), goldSql);
        if (!gold.succeeded()) {
            return Verdict.failed(Outcome.UNSCORABLE_GOLD_FAILED, "gold query failed on " + dbId + " ("
                    + gold.failureOutcome().label() + "): " + gold.failure());
        }
        String extracted = SqlExtractor.extract(testCase.actualOutput());
        if (extracted.isEmpty()) {
            return Verdict.failed(Outcome.EMPTY_OUTPUT, "no SQL found in the model output");
        }
        QueryResult predicted;
        try {
            predicted = run(file.get(), SingleStatement.of(officialPostprocess(extracted)));
        } catch (QueryFailure f) {
            return Verdict.failed(f.outcome(), f.getMessage());
        }
        boolean orderMatters = goldSql.toLowerCase(Locale.ROOT).contains("order by");
        Comparison c = ResultSetComparator.compare(canonical.canonicalRows(gold.result().rows()),
                canonical.canonicalRows(predicted.rows()), options.mode(), orderMatters);
        if (c.equal()) {
            return Verdict.correct("same result as gold (" + predicted.rows().size() + " rows, " + options.mode().label() + " comparison)");
        }
        return Verdict.failed(Outcome.WRONG_RESULT, c.difference());
    }

    private GoldResult goldResult(String dbId, Path file, String goldSql) {
        GoldResultCache cache = options.goldCache();
        if (cache == null) {
            return runGold(file, goldSql);
        }
        return cache.get(dbId, goldSql, options.maxRows(), () -> runGold(file, goldSql));
    }

    private GoldResult runGold(Path file, String goldSql) {
        try {
            return GoldResult.of(run(file, SingleStatement.of(officialPostprocess(goldSql))));
        } catch (QueryFailure f) {
            return GoldResult.failed(f.outcome(), f.getMessage());
        }
    }

    private QueryResult run(Path file, String sql) throws QueryFailure {
        SandboxedConnection connection;
        try {
            connection = pool.borrow(file);
        } catch (SQLException e) {
            throw new QueryFailure(Outcome.UNSCORABLE_DB_MISSING, "cannot open " + file + ": " + e.getMessage());
        }
        try {
            return connection.query(sql, options.timeout(), options.maxRows());
        } finally {
            pool.release(connection);
        }
    }

    /** The official evaluator's postprocess: models sometimes emit "> =" for ">=". */
    static String officialPostprocess(String sql) {
        return sql.replace("> =", ">=").replace("< =", "<=").replace("! =", "!=");
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
