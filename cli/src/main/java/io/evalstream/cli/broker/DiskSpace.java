package io.evalstream.cli.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Exit;

/**
 * The embedded broker and a full disk. Kafka answers a log folder it cannot write by halting the
 * whole JVM with a FATAL log line; the user saw only Kafka's lines and a dead run. Here the halt
 * says what happened, how much room is left and what to do, and a broker does not start on a disk
 * too full to hold its log at all.
 */
final class DiskSpace {
    /** Below this the broker cannot even roll a segment and its indexes. */
    static final long MIN_FREE_BYTES = 64L << 20;

    static void requireRoomToStart(Path dir) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < MIN_FREE_BYTES) {
            throw new NoRoomException("the disk holding " + dir + " has " + megabytes(free) + " MB free; the embedded broker "
                    + "needs at least " + megabytes(MIN_FREE_BYTES) + " MB. Free some space, or give the command a home "
                    + "on another disk with --home DIR.");
        }
    }

    /** From now on a Kafka halt in this process prints what it means before the process ends. */
    static void explainBrokerHalts(Path logDir) {
        Exit.setHaltProcedure((status, message) -> {
            System.err.println("evalstream: " + explain(logDir, message));
            System.err.flush();
            Runtime.getRuntime().halt(status);
        });
    }

    static String explain(Path logDir, String kafkaMessage) {
        long free;
        try {
            free = Files.getFileStore(logDir).getUsableSpace();
        } catch (IOException e) {
            free = -1;
        }
        String what = "the embedded Kafka broker stopped this process" + (kafkaMessage == null ? "" : " (" + kafkaMessage + ")");
        if (free >= 0 && free < MIN_FREE_BYTES) {
            return what + ". The disk holding its log, " + logDir + ", is full (" + megabytes(free) + " MB free). "
                    + "Free some space, then run the same command again: the run resumes from its last commit.";
        }
        return what + ". Its log is in " + logDir + (free >= 0 ? " (" + megabytes(free) + " MB free)" : "")
                + ". Run the same command again: the run resumes from its last commit.";
    }

    private static long megabytes(long bytes) {
        return bytes >> 20;
    }

    /** Not enough room on the disk to start the broker. */
    static final class NoRoomException extends IllegalStateException {
        NoRoomException(String message) {
            super(message);
        }
    }

    private DiskSpace() {
    }
}
