package io.evalstream.stages;

import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.RecordKeys;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters a stage instance has committed, counted by the run id their key starts with,
 * so a run can summarise them (its own and other runs' records) instead of leaving a WARN line per
 * record. Only the first few are logged: a thousand junk records are one summary, not a thousand lines.
 */
final class DeadLetterTally {
    private static final int LOGGED = 10;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTally.class);

    private final String stage;
    private final Map<String, AtomicLong> byRun = new ConcurrentHashMap<>();
    private final AtomicLong logged = new AtomicLong();

    DeadLetterTally(String stage) {
        this.stage = stage;
    }

    /** Called once a batch's dead letters are committed. */
    void committed(String key, DeadLetterKind kind, String reason) {
        String run = key == null ? "(no key)" : key.contains(RecordKeys.SEPARATOR) ? key.substring(0, key.indexOf(RecordKeys.SEPARATOR)) : key;
        byRun.computeIfAbsent(run, r -> new AtomicLong()).incrementAndGet();
        long n = logged.incrementAndGet();
        if (n <= LOGGED) {
            LOG.warn("{}: dead-lettered {} as {}: {}", stage, key, kind, reason);
        } else if (n == LOGGED + 1) {
            LOG.warn("{}: more dead letters; further ones are not logged one by one (the run's summary counts them)", stage);
        }
    }

    long total() {
        return logged.get();
    }

    Map<String, Long> byRun() {
        Map<String, Long> out = new TreeMap<>();
        byRun.forEach((run, n) -> out.put(run, n.get()));
        return out;
    }
}
