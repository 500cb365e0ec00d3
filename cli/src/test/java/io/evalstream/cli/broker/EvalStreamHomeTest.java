package io.evalstream.cli.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A home is taken by one process at a time; what it records lets others find its broker. */
class EvalStreamHomeTest {

    @Test
    void aHomeIsTakenOnceAndItsBrokerRecordedUntilReleased(@TempDir Path dir) {
        EvalStreamHome home = new EvalStreamHome(dir.resolve("home"));
        assertTrue(home.tryLock());
        assertTrue(home.tryLock(), "this process already holds it");
        home.recordBroker("127.0.0.1:12345");
        assertTrue(Files.exists(dir.resolve("home/broker.address")));
        assertTrue(home.runningBroker().isEmpty(), "this process's own broker is no other process's");
        assertEquals(dir.resolve("home/streams").toAbsolutePath(), home.streamsStateDir());
        home.release();
        assertTrue(Files.notExists(dir.resolve("home/broker.address")));
    }

    @Test
    void anAddressLeftByADeadProcessIsIgnored(@TempDir Path dir) throws Exception {
        Path homeDir = dir.resolve("home");
        Files.createDirectories(homeDir);
        Files.writeString(homeDir.resolve("broker.address"), "127.0.0.1:1\n" + Long.MAX_VALUE / 2 + "\n");
        assertTrue(new EvalStreamHome(homeDir).runningBroker().isEmpty());
    }

    @Test
    void theBusyMessageNamesTheRunningBrokerAndAnOptionThatExists(@TempDir Path dir) throws Exception {
        Path homeDir = dir.resolve("home");
        Files.createDirectories(homeDir);
        Files.writeString(homeDir.resolve("broker.address"), "127.0.0.1:4242\n" + ProcessHandle.current().pid() + "\n");
        String message = new EvalStreamHome(homeDir).busyMessage("add");
        assertTrue(message.contains("add --bootstrap-servers 127.0.0.1:4242"), message);
        assertTrue(message.contains("--home DIR"), message);
    }
}
