package io.evalstream.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.run.ProgressRate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A progress line says its pace and the time left once the pace is known, and "done" at the end. */
class ProgressDisplayTest {

    @Test
    void theLineCarriesRateAndTimeLeft() {
        ProgressRate rate = new ProgressRate(Duration.ofSeconds(30));
        rate.observe(0, 0);
        rate.observe(10_000, 50); // 5 items a second
        assertEquals(" 5.0/s 30s left", ProgressDisplay.pace(rate, 50, 200, 10_000));
        assertEquals(" done", ProgressDisplay.pace(rate, 200, 200, 10_000));
        assertEquals("", ProgressDisplay.pace(new ProgressRate(), 0, 200, 10_000), "no pace before two readings");
    }

    @Test
    void plainOutputShowsDoneOfTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        display.update("score", 10, 10);
        display.draw(true);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("score 10/10 done"), bytes.toString(StandardCharsets.UTF_8));
    }
}
