package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.stats.ClusteredStandardError.Item;
import io.evalstream.aggregator.stats.ClusteredStandardError.PairedItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cluster-robust standard errors. References: a case worked by hand in exact fractions, and
 * statsmodels' {@code OLS(y, ones).fit(cov_type='cluster')} written out as matrices in numpy
 * (aggregator/src/test/python/report_stats_reference.py) on a deterministic data set both sides
 * rebuild from the same rule.
 */
class ClusteredStandardErrorTest {
    private static final double RELATIVE = 1e-12;

    /**
     * Clusters A = [1, 1], B = [0, 0], C = [1, 0]; mean 1/2, cluster residual sums 1, -1, 0:
     * CR0 variance 2/36 = 1/18, naive 6 (1/4) / 36 = 1/24, design effect 4/3, CR1 3/2 x 1/18 = 1/12.
     * The design effect is Kish's (1965) {@code 1 + (m - 1) rho} for m = 2 and the pairwise
     * intraclass correlation rho = (1/2 + 1/2 - 1/2) / 1.5 = 1/3.
     */
    @Test
    void workedByHand() {
        ClusteredEstimate estimate = ClusteredStandardError.of(List.of(new Item("A", 1), new Item("A", 1),
                new Item("B", 0), new Item("B", 0), new Item("C", 1), new Item("C", 0)));
        assertEquals(6, estimate.n());
        assertEquals(3, estimate.clusters());
        assertEquals(0.5, estimate.mean(), 1e-15);
        assertEquals(Math.sqrt(1.0 / 24), estimate.naiveStandardError(), 1e-15);
        assertEquals(Math.sqrt(1.0 / 18), estimate.clusteredStandardError(), 1e-15);
        assertEquals(Math.sqrt(1.0 / 12), estimate.correctedStandardError(), 1e-15);
        assertEquals(4.0 / 3, estimate.designEffect(), 1e-14);
        assertEquals(4.5, estimate.effectiveSampleSize(), 1e-13);
        assertEquals(Bernoulli.stdError(3, 6), estimate.naiveStandardError(), 1e-15);
    }

    @Test
    void matchesStatsmodelsClusterFormula() {
        assertMatches(ClusteredStandardError.of(items(true)), 72, 12, 0.3611111111111111, 0.056606570651099454,
                0.07491922376241784, 0.0782505771514927, 1.7516722408026755);
        assertMatches(ClusteredStandardError.of(items(false)), 72, 12, 0.4583333333333333, 0.058720605990582514,
                0.0693430973434051, 0.07242650305348643, 1.3945221445221447);
        assertMatches(ClusteredStandardError.pairedDifference(pairedItems()), 72, 12, 0.09722222222222222,
                0.07647652100315644, 0.09277687102203452, 0.09690228140651927, 1.4717132386623908);
    }

    /** One item per cluster is independence: the clustered SE is the naive one, the design effect 1. */
    @Test
    void singletonClustersChangeNothing() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(new Item("q" + i, i % 25 < 12 ? 1 : 0));
        }
        ClusteredEstimate estimate = ClusteredStandardError.of(items);
        assertEquals(estimate.naiveStandardError(), estimate.clusteredStandardError(), 1e-15);
        assertEquals(1.0, estimate.designEffect(), 1e-12);
        assertEquals(Bernoulli.stdError(72, 150), estimate.naiveStandardError(), 1e-15);
        assertEquals(estimate.clusteredStandardError() * Math.sqrt(150.0 / 149), estimate.correctedStandardError(),
                1e-15);
    }

    @Test
    void undefinedCasesAreNaNAndBadItemsAreNamed() {
        assertEquals(ClusteredEstimate.EMPTY, ClusteredStandardError.of(List.of()));
        ClusteredEstimate oneCluster = ClusteredStandardError.of(List.of(new Item("A", 1), new Item("A", 0)));
        assertTrue(Double.isNaN(oneCluster.correctedStandardError()));
        ClusteredEstimate allRight = ClusteredStandardError.of(List.of(new Item("A", 1), new Item("B", 1)));
        assertEquals(0, allRight.clusteredStandardError());
        assertTrue(Double.isNaN(allRight.designEffect()));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ClusteredStandardError.of(List.of(new Item("A", 1), new Item("", 0))));
        assertTrue(error.getMessage().contains("item 1"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClusteredStandardError.pairedDifference(List.of(new PairedItem("A", Double.NaN, 1))));
    }

    private static void assertMatches(ClusteredEstimate actual, long n, int clusters, double mean, double naive,
            double cr0, double cr1, double designEffect) {
        assertEquals(n, actual.n());
        assertEquals(clusters, actual.clusters());
        assertEquals(mean, actual.mean(), RELATIVE * Math.abs(mean));
        assertEquals(naive, actual.naiveStandardError(), RELATIVE * naive);
        assertEquals(cr0, actual.clusteredStandardError(), RELATIVE * cr0);
        assertEquals(cr1, actual.correctedStandardError(), RELATIVE * cr1);
        assertEquals(designEffect, actual.designEffect(), RELATIVE * designEffect);
    }

    // The rule of rule_items() in report_stats_reference.py: 12 clusters of 3..9 items.
    private static List<Item> items(boolean base) {
        List<Item> items = new ArrayList<>();
        for (PairedItem item : pairedItems()) {
            items.add(new Item(item.cluster(), base ? item.baseScore() : item.modelScore()));
        }
        return items;
    }

    private static List<PairedItem> pairedItems() {
        List<PairedItem> items = new ArrayList<>();
        for (int g = 0; g < 12; g++) {
            for (int j = 0; j < 3 + (5 * g) % 7; j++) {
                int base = (g * 7 + j * 3) % 10 < (g % 4) * 2 + 1 ? 1 : 0;
                int model = (g * 5 + j * 7) % 10 < (g % 3) * 3 + 1 ? 1 : 0;
                items.add(new PairedItem("db" + g, base, model));
            }
        }
        return items;
    }
}
