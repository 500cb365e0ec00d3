package io.evalstream.metrics.sql;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sandboxed connections per database file, reused across queries because opening SQLite is
 * far more expensive than running a Spider query. Thread-safe: a connection is lent to one
 * thread at a time, so with N threads at most N connections per database exist.
 * With reuse off every borrow opens a fresh connection (the baseline the benchmark compares).
 */
public final class ReadOnlyConnectionPool implements AutoCloseable {
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
