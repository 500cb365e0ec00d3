package io.evalstream.aggregator.run;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Items per second over a sliding window, and the time left at that pace. Fed with (time, items
 * done so far) observations: a progress bar's periodic reading, or each record's timestamp as it
 * arrives. The rate is measured from the oldest observation still in the window (or the last one
 * before it) to now, so a stage that stops shows its rate falling to zero instead of its last pace.
 */
public final class ProgressRate {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    private final long windowMillis;
    private final ArrayDeque<long[]> observations = new ArrayDeque<>();

    public ProgressRate() {
        this(DEFAULT_WINDOW);
    }

    public ProgressRate(Duration window) {
        this.windowMillis = window.toMillis();
    }

    /** {@code done} items at {@code atMillis}; observations out of time order are kept in order of arrival. */
    public synchronized void observe(long atMillis, long done) {
        long[] last = observations.peekLast();
        if (last != null && last[1] == done) {
            return; // no progress: the older observation already says when this count was reached
        }
        observations.addLast(new long[] {atMillis, done});
        // keep one observation at or before the window's start as the anchor of the rate
        while (observations.size() > 2) {
            long[] second = observations.stream().skip(1).findFirst().orElseThrow();
            if (second[0] <= atMillis - windowMillis) {
                observations.removeFirst();
            } else {
                break;
            }
        }
    }

    /** Items per second from the anchor to {@code nowMillis}; 0 before two observations or without progress. */
    public synchronized double perSecond(long nowMillis) {
        if (observations.size() < 2) {
            return 0;
        }
        long[] anchor = observations.peekFirst();
        long[] last = observations.peekLast();
        long elapsed = Math.max(nowMillis, last[0]) - anchor[0];
        if (elapsed <= 0 || last[1] <= anchor[1]) {
            return 0;
        }
        // a long-stalled stage: measure from the window's start, not from progress made long ago
        if (nowMillis - last[0] > windowMillis) {
            return 0;
        }
        return (last[1] - anchor[1]) * 1000.0 / elapsed;
    }

    /** When the count last went up; 0 before any observation. */
    public synchronized long lastProgressAt() {
        long[] last = observations.peekLast();
        return last == null ? 0 : last[0];
    }

    /** The time {@code remaining} items take at the current pace; null when the pace is unknown or zero. */
    public Duration timeLeft(long remaining, long nowMillis) {
        if (remaining <= 0) {
            return Duration.ZERO;
        }
        double rate = perSecond(nowMillis);
        return rate <= 0 ? null : Duration.ofMillis((long) Math.ceil(remaining / rate * 1000));
    }

    /** "1h02m", "4m05s", "12s": how a progress bar and the dashboard say a time left. */
    public static String format(Duration d) {
        if (d == null) {
            return "?";
        }
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
