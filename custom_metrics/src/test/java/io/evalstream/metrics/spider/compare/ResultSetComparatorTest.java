package io.evalstream.metrics.spider.compare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultSetComparatorTest {
    private static List<Object> row(Object... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    private static List<List<Object>> canon(Double tol, List<List<Object>> rows) {
        return new CanonicalValues(tol).canonicalRows(rows);
    }

    @Test
    void twentyFourInterchangeableColumnsDoNotHang() {
        // every column holds the same multiset, so pruning leaves 24! candidate orders; the bound stops the search
        int columns = 24;
        List<List<Object>> gold = new ArrayList<>();
        List<List<Object>> pred = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Object[] g = new Object[columns];
            Object[] p = new Object[columns];
            for (int c = 0; c < columns; c++) {
                g[c] = (long) ((r + c) % 2);
                p[c] = (long) ((r + c / 2) % 2);
            }
            gold.add(row(g));
            pred.add(row(p));
        }
        Comparison c = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> ResultSetComparator.compare(gold, pred, ComparisonMode.OFFICIAL, false));
        assertFalse(c.equal(), c.difference());
    }

    @Test
    void permutedWideTableIsFound() {
        int columns = 22;
        Object[] g = new Object[columns];
        Object[] p = new Object[columns];
        for (int c = 0; c < columns; c++) {
            g[c] = "v" + c;
            p[columns - 1 - c] = "v" + c;
        }
        assertTrue(ResultSetComparator.compare(List.of(row(g)), List.of(row(p)), ComparisonMode.OFFICIAL, true).equal());
    }

    @Test
    void floatToleranceIsOffByDefaultAndWorksWhenOn() {
        List<List<Object>> gold = List.of(row(0.30000000000000004, "x"));
        List<List<Object>> pred = List.of(row(0.3, "x"));
        assertFalse(ResultSetComparator.compare(canon(null, gold), canon(null, pred), ComparisonMode.OFFICIAL, false).equal());
        assertTrue(ResultSetComparator.compare(canon(1e-9, gold), canon(1e-9, pred), ComparisonMode.OFFICIAL, false).equal());
        assertTrue(ResultSetComparator.compare(canon(1e-9, List.of(row(3L))), canon(1e-9, List.of(row(3.0000000001))), ComparisonMode.BAG, false).equal());
    }

    @Test
    void integralDoublesEqualLongsAsInPython() {
        assertTrue(ResultSetComparator.compare(canon(null, List.of(row(37.0))), canon(null, List.of(row(37L))), ComparisonMode.SET, false).equal());
        assertFalse(ResultSetComparator.compare(canon(null, List.of(row("37"))), canon(null, List.of(row(37L))), ComparisonMode.SET, false).equal());
    }

    @Test
    void nullsCompare() {
        assertTrue(ResultSetComparator.compare(List.of(row(null, 1L)), List.of(row(1L, null)), ComparisonMode.OFFICIAL, false).equal());
        assertFalse(ResultSetComparator.compare(List.of(row(null, 1L)), List.of(row(1L, null)), ComparisonMode.BAG, false).equal());
    }

    @Test
    void wrongResultReasonHasAShortDiff() {
        Comparison c = ResultSetComparator.compare(List.of(row("a", 1L), row("b", 2L)), List.of(row("a", 1L), row("c", 2L)),
                ComparisonMode.BAG, false);
        assertTrue(c.difference().contains("gold 2 rows x 2 cols"), c.difference());
        assertTrue(c.difference().contains("('b', 2)") && c.difference().contains("('c', 2)"), c.difference());
    }
}
