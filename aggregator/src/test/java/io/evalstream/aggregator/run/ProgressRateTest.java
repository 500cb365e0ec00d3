package io.evalstream.aggregator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Items per second over the window, time left at that pace, and a stall seen as a rate of zero. Clock values are given, not read. */
class ProgressRateTest {

    @Test
    void measuresThePaceOverTheWindowAndTheTimeLeftAtIt() {
        ProgressRate rate = new ProgressRate(Duration.ofSeconds(30));
        for (int s = 0; s <= 60; s++) {
            rate.observe(s * 1000L, 10L * s); // 10 items a second for a minute
        }
        assertEquals(10.0, rate.perSecond(60_000), 1e-9);
        assertEquals(Duration.ofSeconds(40), rate.timeLeft(400, 60_000));
        assertEquals(Duration.ZERO, rate.timeLeft(0, 60_000));
        assertEquals(60_000, rate.lastProgressAt());
    }

    @Test
    void aPaceChangeShowsWithinTheWindowAndAStallDropsItToZero() {
        ProgressRate rate = new ProgressRate(Duration.ofSeconds(10));
        for (int s = 0; s <= 20; s++) {
            rate.observe(s * 1000L, s <= 10 ? 10L * s : 100 + 2L * (s - 10)); // 10/s, then 2/s
        }
        assertEquals(2.0, rate.perSecond(20_000), 0.5, "the window holds only the slow part");
        assertEquals(0, rate.perSecond(20_000 + 11_000), "nothing for longer than the window");
        assertNull(rate.timeLeft(5, 20_000 + 11_000), "no pace, no time left");
    }

    @Test
    void noPaceBeforeTwoObservations() {
        ProgressRate rate = new ProgressRate();
        assertEquals(0, rate.perSecond(1000));
        rate.observe(0, 5);
        assertEquals(0, rate.perSecond(1000));
        assertEquals("?", ProgressRate.format(null));
        assertEquals("4m05s", ProgressRate.format(Duration.ofSeconds(245)));
        assertEquals("1h02m", ProgressRate.format(Duration.ofMinutes(62)));
        assertEquals("12s", ProgressRate.format(Duration.ofSeconds(12)));
    }
}
