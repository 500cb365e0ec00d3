package io.evalstream.metrics.sql;

import io.evalstream.metrics.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.sqlite.SQLiteOpenMode;

/**
 * A SQLite connection that untrusted SQL cannot use to change anything: the file is opened
 * read-only, {@code query_only} is on, extension loading is off, ATTACH is impossible (the
 * attached-database limit is 0) and every query runs in a transaction that is rolled back.
 * A progress handler interrupts a query at its deadline. One thread at a time; pooled by
 * {@link ReadOnlyConnectionPool}.
 */
public final class SandboxedConnection implements AutoCloseable {
    /** VM instructions between deadline checks: frequent enough to stop within milliseconds, cheap enough to not matter. */
    private static final int PROGRESS_INTERVAL_OPS = 10_000;
    /** Per row: the row's list and array headers, counted towards the memory budget. */
    private static final long ROW_OVERHEAD_BYTES = 48;
    /** The largest string or blob a query may produce; Spider values are a few hundred bytes at most. */
    public static final int MAX_VALUE_BYTES = 10_000_000;

    private final Path file;
    private final Connection connection;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    /** Set when a statement that is not a query reached SQLite: it may have changed connection settings, so the pool drops it. */
    private volatile boolean poisoned;

    private SandboxedConnection(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static SandboxedConnection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.resetOpenMode(SQLiteOpenMode.READWRITE);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.enableLoadExtension(false);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        try {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA query_only = ON");
            }
            SQLiteConnection sqlite = c.unwrap(SQLiteConnection.class);
            sqlite.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
            // a single value like zeroblob(1e9) or printf('%.*c', 1e9, 'x') must not exhaust the JVM's memory
            sqlite.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
            SandboxedConnection sandboxed = new SandboxedConnection(file, c);
            ProgressHandler.setHandler(c, PROGRESS_INTERVAL_OPS, new ProgressHandler() {
                @Override
                protected int progress() {
                    return System.nanoTime() - sandboxed.deadlineNanos > 0 ? 1 : 0;
                }
            });
            c.setAutoCommit(false);
            return sandboxed;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** True when this connection must not be reused (see {@link #query}). */
    public boolean poisoned() {
        return poisoned;
    }

    /**
     * Runs one read query within its limits. Values come back as Python's sqlite3 module returns
     * them (the official evaluator's view): INTEGER as Long, REAL as Double (12.0 stays a Double),
     * TEXT as a String decoded with errors ignored, BLOB as a {@link QueryResult.Blob}, NULL as null.
     *
     * @throws QueryFailure classified: TIMEOUT, TOO_MANY_ROWS, TOO_LARGE, REFUSED, UNKNOWN_TABLE_OR_COLUMN or SYNTAX_ERROR
     */
    public QueryResult query(String sql, QueryLimits limits) throws QueryFailure {
        if (sql.indexOf('\0') >= 0) {
            // sqlite-jdbc would hand SQLite the text up to the NUL and silently drop the rest; Python's sqlite3 refuses it
            throw new QueryFailure(Outcome.REFUSED, "the SQL contains a NUL character at char " + sql.indexOf('\0')
                    + " (Python's sqlite3 refuses such a query: 'the query contains a null character')");
        }
        long start = System.nanoTime();
        long deadline = start + limits.timeout().toNanos();
        deadlineNanos = deadline;
        QueryWatchdog.Guard guard = QueryWatchdog.arm(this::interruptRunningStatement, limits.timeout());
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = new ArrayList<>(columns);
            for (int c = 1; c <= columns; c++) {
                names.add(meta.getColumnName(c));
            }
            List<List<Object>> rows = new ArrayList<>();
            long bytes = 0;
            while (rs.next()) {
                if (rows.size() >= limits.maxRows()) {
                    throw new QueryFailure(Outcome.TOO_MANY_ROWS, "the query returns more than " + limits.maxRows() + " rows (the row cap)");
                }
                Object[] row = new Object[columns];
                bytes += ROW_OVERHEAD_BYTES;
                for (int c = 0; c < columns; c++) {
                    row[c] = pythonValue(rs, c + 1);
                    bytes += heapBytes(row[c]);
                    if (bytes > limits.maxBytes()) {
                        throw new QueryFailure(Outcome.TOO_LARGE, "the result exceeds the memory budget of " + limits.maxBytes()
                                + " bytes after " + rows.size() + " rows (the values fetched are too large)");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw timedOut(start, limits);
                    }
                }
                rows.add(Collections.unmodifiableList(Arrays.asList(row)));
            }
            if (System.nanoTime() - deadline > 0) {
                throw timedOut(start, limits);
            }
            return new QueryResult(names, rows);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("does not return ResultSet")) {
                poisoned = true;
                throw new QueryFailure(Outcome.REFUSED, "refused by the read-only sandbox: the statement is not a query");
            }
            boolean pastDeadline = System.nanoTime() - deadline > 0;
            throw classify(e, pastDeadline, limits.timeout(), System.nanoTime() - start);
        } finally {
            guard.disarm();
            deadlineNanos = Long.MAX_VALUE;
            rollbackQuietly();
        }
    }

    private static QueryFailure timedOut(long start, QueryLimits limits) {
        return new QueryFailure(Outcome.TIMEOUT, "stopped after " + (System.nanoTime() - start) / 1_000_000
                + " ms while fetching: the time limit is " + limits.timeout().toMillis() + " ms");
    }

    /** Called by the watchdog on its own thread; sqlite3_interrupt is the one SQLite call meant for that. */
    private void interruptRunningStatement() {
        try {
            connection.unwrap(SQLiteConnection.class).getDatabase().interrupt();
        } catch (SQLException | RuntimeException ignored) {
            // the connection closed meanwhile: there is nothing left to interrupt
        }
    }

    private static Object pythonValue(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof byte[] bytes) {
            return new QueryResult.Blob(bytes);
        }
        if (value instanceof String s && PythonText.mayHaveReplacedBytes(s)) {
            return PythonText.decodeIgnoringErrors(rs.getBytes(column));
        }
        return value;
    }

    /** Roughly what a value holds on the heap; counted before the next one is fetched. */
    private static long heapBytes(Object value) {
        if (value instanceof String s) {
            return 40L + 2L * s.length();
        }
        if (value instanceof QueryResult.Blob b) {
            return 32L + b.bytes().length;
        }
        return 16;
    }

    static QueryFailure classify(SQLException e, boolean pastDeadline, Duration timeout, long elapsedNanos) {
        String message = sqliteMessage(e);
        String lower = message.toLowerCase(Locale.ROOT);
        if (pastDeadline || lower.contains("interrupt")) {
            return new QueryFailure(Outcome.TIMEOUT, "interrupted after " + elapsedNanos / 1_000_000
                    + " ms: the time limit is " + timeout.toMillis() + " ms");
        }
        if (lower.contains("no such table") || lower.contains("no such column") || lower.contains("ambiguous column")) {
            return new QueryFailure(Outcome.UNKNOWN_TABLE_OR_COLUMN, message);
        }
        if (lower.contains("too big")) {
            return new QueryFailure(Outcome.TOO_LARGE, "a single value exceeds " + MAX_VALUE_BYTES + " bytes (" + message + ")");
        }
        if (lower.contains("readonly") || lower.contains("read-only") || lower.contains("not authorized")
                || lower.contains("too many attached") || lower.contains("query_only")) {
            return new QueryFailure(Outcome.REFUSED, "refused by the read-only sandbox: " + message);
        }
        return new QueryFailure(Outcome.SYNTAX_ERROR, message);
    }

    /** sqlite-jdbc wraps SQLite's text as "[CODE] description (text)"; the text alone is what a reader needs. */
    static String sqliteMessage(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.startsWith("[")) {
            int open = m.indexOf(" (");
            if (open >= 0 && m.endsWith(")")) {
                return m.substring(open + 2, m.length() - 1);
            }
        }
        return m;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // nothing was written (the connection cannot write); a failed rollback leaves nothing to undo
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a read-only connection cannot lose data
        }
    }
}
