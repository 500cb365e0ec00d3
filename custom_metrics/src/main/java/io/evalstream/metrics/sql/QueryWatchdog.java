package io.evalstream.metrics.sql;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The second line of the time limit. SQLite's progress handler only runs between VM
 * instructions, so one long instruction (a LIKE over a 10 MB string, a big sort step) could
 * outlast the limit; the watchdog then calls sqlite3_interrupt from its own thread. A guard
 * disarmed when the query ends can never interrupt a later query on the same connection:
 * firing and disarming take the same lock.
 */
final class QueryWatchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sql-query-watchdog");
        t.setDaemon(true);
        return t;
    });

    private QueryWatchdog() {
    }

    /** One armed deadline. */
    static final class Guard {
        private final Runnable interrupt;
        private boolean armed = true;
        private ScheduledFuture<?> future;

        private Guard(Runnable interrupt) {
            this.interrupt = interrupt;
        }

        private synchronized void fire() {
            if (armed) {
                interrupt.run();
            }
        }

        /** After this returns, the interrupt will not run. */
        synchronized void disarm() {
            armed = false;
            if (future != null) {
                future.cancel(false);
            }
        }
    }

    static Guard arm(Runnable interrupt, Duration after) {
        Guard guard = new Guard(interrupt);
        ScheduledFuture<?> f = TIMER.schedule(guard::fire, after.toNanos(), TimeUnit.NANOSECONDS);
        synchronized (guard) {
            guard.future = f;
        }
        return guard;
    }
}
