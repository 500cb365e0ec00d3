package io.evalstream.cli.broker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a broker halt says: Kafka's reason, where the log is and how much room is left, and what to do. */
class DiskSpaceTest {

    @Test
    void aHaltSaysWhereTheLogIsAndThatTheRunResumes(@TempDir Path logDir) {
        String message = DiskSpace.explain(logDir, "Shutdown broker because all log dirs in " + logDir + " have failed");
        assertTrue(message.startsWith("the embedded Kafka broker stopped this process (Shutdown broker because all log dirs"), message);
        assertTrue(message.contains(logDir.toString()) && message.contains("MB free"), message);
        assertTrue(message.toLowerCase().contains("run the same command again: the run resumes"), message);
    }
}
