package io.evalstream.cli;

import io.evalstream.stages.TransactionalStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs one stage in this process until Ctrl-C, printing how many records it handled now and then. */
final class StageProcess {

    static int runUntilStopped(String name, TransactionalStage<?> stage, AutoCloseable... resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                stage.run();
            } finally {
                stopped.countDown();
            }
        }, "evalstream-" + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stage.close();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("while stopping " + name + ": " + e);
                }
            }
        }));
        worker.start();
        System.err.println(name + " running; Ctrl-C stops it (open transactions abort and are redone on restart)");
        long shown = -1;
        String status = null;
        long lastCount = 0;
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (!stage.status().equals(status)) {
                // joining its group, waiting for the broker, retrying a batch: say so when it changes
                status = stage.status();
                System.err.println(name + ": " + status);
            }
            if (stage.processed() != shown && System.currentTimeMillis() - lastCount >= 5_000) {
                shown = stage.processed();
                lastCount = System.currentTimeMillis();
                System.err.println(name + ": " + shown + " records, " + stage.deadLettered() + " dead-lettered");
            }
        }
        if (stage.failure() != null) {
            System.err.println(name + " stopped: " + stage.failure().getMessage());
            return 1;
        }
        return 0;
    }

    private StageProcess() {
    }
}
