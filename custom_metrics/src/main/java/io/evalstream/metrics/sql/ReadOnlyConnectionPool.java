package io.evalstream.metrics.sql;

import io.evalstream.metrics.Outcome;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sandboxed connections per database file, reused across queries because opening SQLite is
 * far more expensive than running a Spider query. Thread-safe: a connection is lent to one
 * thread at a time, so with N threads at most N connections per database exist.
 * With reuse off every borrow opens a fresh connection (the baseline the benchmark compares).
 */
public final class ReadOnlyConnectionPool implements AutoCloseable {
    private static final ExecutorService QUERY_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sql-query");
        t.setDaemon(true);
        return t;
    });

    private final boolean reuse;
    private final Map<Path, Deque<SandboxedConnection>> idle = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;

    public ReadOnlyConnectionPool(boolean reuse) {
        this.reuse = reuse;
    }

    public SandboxedConnection borrow(Path file) throws SQLException {
        if (closed) {
            throw new IllegalStateException("connection pool is closed");
        }
        if (reuse) {
            SandboxedConnection c = idle.computeIfAbsent(file, f -> new ConcurrentLinkedDeque<>()).pollFirst();
            if (c != null) {
                return c;
            }
        }
        opened.incrementAndGet();
        return SandboxedConnection.open(file);
    }

    /**
     * Runs one query on a connection of this pool, on a query thread, and waits at most the time
     * limit plus 3%. SQLite is interrupted at the limit (progress handler, watchdog), but one C
     * function such as {@code instr} or {@code trim} over megabytes never looks at the interrupt
     * flag: such a query is abandoned at the bound, its connection is closed when SQLite returns,
     * and the caller gets TIMEOUT on time.
     */
    public QueryResult query(Path file, String sql, QueryLimits limits) throws QueryFailure, SQLException {
        SandboxedConnection connection = borrow(file);
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<QueryResult> running;
        try {
            running = QUERY_THREADS.submit(() -> {
                try {
                    return connection.query(sql, limits);
                } finally {
                    synchronized (abandoned) {
                        if (abandoned.get()) {
                            connection.close();
                        } else {
                            release(connection);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            release(connection);
            throw e;
        }
        long waitNanos = limits.timeout().toNanos() + limits.timeout().toNanos() / 33;
        try {
            return running.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            synchronized (abandoned) {
                if (!running.isDone()) {
                    abandoned.set(true);
                    throw new QueryFailure(Outcome.TIMEOUT, "still running at " + waitNanos / 1_000_000 + " ms (limit "
                            + limits.timeout().toMillis() + " ms) inside one SQLite step that does not stop when interrupted;"
                            + " abandoned, its connection is closed when it returns");
                }
            }
            return resultOf(running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailure(Outcome.EVALUATION_ERROR, "interrupted while waiting for the query");
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static QueryResult resultOf(Future<QueryResult> done) throws QueryFailure, SQLException {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailure(Outcome.EVALUATION_ERROR, "interrupted while waiting for the query");
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static QueryFailure unwrap(ExecutionException e) throws SQLException {
        Throwable cause = e.getCause();
        if (cause instanceof QueryFailure f) {
            return f;
        }
        if (cause instanceof SQLException s) {
            throw s;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new QueryFailure(Outcome.EVALUATION_ERROR, String.valueOf(cause));
    }

    public void release(SandboxedConnection connection) {
        if (reuse && !closed && !connection.poisoned()) {
            idle.computeIfAbsent(connection.file(), f -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
            if (closed) {
                closeIdle();
            }
        } else {
            connection.close();
        }
    }

    /** How many connections were opened so far; with reuse on, at most threads x databases. */
    public long openedCount() {
        return opened.get();
    }

    public boolean reuses() {
        return reuse;
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Deque<SandboxedConnection> deque : idle.values()) {
            SandboxedConnection c;
            while ((c = deque.pollFirst()) != null) {
                c.close();
            }
        }
    }
}
