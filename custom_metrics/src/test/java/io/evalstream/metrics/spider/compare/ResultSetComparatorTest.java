package io.evalstream.metrics.spider.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.sql.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultSetComparatorTest {
    private static final CanonicalValues EXACT = new CanonicalValues(null);

    private static List<Object> row(Object... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    private static boolean eq(List<List<Object>> gold, List<List<Object>> pred, ComparisonMode mode, boolean orderMatters) {
        return ResultSetComparator.compare(gold, pred, mode, orderMatters, EXACT).equal();
    }

    @Test
    void twentyFourInterchangeableColumnsAreMatchedQuickly() {
        // every column holds the same multiset, so 24! orders pass the per-column test; identical columns are tried once
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
        // pred column c equals gold column c' whenever both start with the same value: a matching order exists
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> eq(gold, pred, ComparisonMode.OFFICIAL, false)));
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> eq(gold, pred, ComparisonMode.OFFICIAL, true)));
        assertFalse(eq(gold, pred, ComparisonMode.BAG, false), "bag compares columns as written");
    }

    @Test
    void sameRowValuesButNoCommonColumnOrder() {
        List<List<Object>> gold = List.of(row(1L, 2L), row(2L, 1L));
        List<List<Object>> pred = List.of(row(1L, 2L), row(1L, 2L));
        for (ComparisonMode mode : ComparisonMode.values()) {
            assertFalse(eq(gold, pred, mode, false), mode.label());
        }
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
        assertTrue(eq(List.of(row(g)), List.of(row(p)), ComparisonMode.OFFICIAL, true));
        assertTrue(eq(List.of(row(g)), List.of(row(p)), ComparisonMode.STRICT, true));
    }

    @Test
    void theOfficialQuickRejectionSortsIntegersAndFloatsApart() {
        // str(1) + "<class 'int'>" sorts after str(10) + ..., but "1.0<class 'float'>" before "10.0<class 'float'>"
        List<List<Object>> gold = List.of(row(1L, 10L));
        List<List<Object>> pred = List.of(row(1.0, 10.0));
        Comparison official = ResultSetComparator.compare(gold, pred, ComparisonMode.OFFICIAL, false, EXACT);
        assertFalse(official.equal());
        assertTrue(official.difference().contains("unorder_row"), official.difference());
        assertTrue(eq(gold, pred, ComparisonMode.STRICT, false), "1 == 1.0 and 10 == 10.0 as in Python");
        assertTrue(eq(gold, pred, ComparisonMode.BAG, false));
        // one column: the quick rejection has nothing to sort, so the official verdict is 'equal'
        assertTrue(eq(List.of(row(10L)), List.of(row(10.0)), ComparisonMode.OFFICIAL, false));
        // where the keys sort alike, equal values pass: 2 and 3.0
        assertTrue(eq(List.of(row(2L, 3L)), List.of(row(2.0, 3.0)), ComparisonMode.OFFICIAL, false));
    }

    @Test
    void pythonSortKeysFollowPythonsStr() {
        assertEquals("12.0", PythonSortKey.floatRepr(12.0));
        assertEquals("1e+16", PythonSortKey.floatRepr(1e16));
        assertEquals("1234567890123456.0", PythonSortKey.floatRepr(1234567890123456.0));
        assertEquals("1.5e-05", PythonSortKey.floatRepr(1.5e-5));
        assertEquals("0.0001", PythonSortKey.floatRepr(0.0001));
        assertEquals("0.1", PythonSortKey.floatRepr(0.1));
        assertEquals("0.30000000000000004", PythonSortKey.floatRepr(0.1 + 0.2));
        assertEquals("-2.5", PythonSortKey.floatRepr(-2.5));
        assertEquals("-0.0", PythonSortKey.floatRepr(-0.0));
        assertEquals("inf", PythonSortKey.floatRepr(Double.POSITIVE_INFINITY));
        assertEquals("5e-324", PythonSortKey.floatRepr(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PythonSortKey.floatRepr(Double.MAX_VALUE));
        assertEquals("b'a\\'b\"'", PythonSortKey.bytesRepr("a'b\"".getBytes()));
        assertEquals("b\"it's\"", PythonSortKey.bytesRepr("it's".getBytes()));
        assertEquals("b'\\x00\\xff\\n'", PythonSortKey.bytesRepr(new byte[] {0, (byte) 0xff, '\n'}));
        assertEquals("None<class 'NoneType'>", PythonSortKey.key(null));
        assertEquals("b'x'<class 'bytes'>", PythonSortKey.key(new QueryResult.Blob("x".getBytes())));
        assertEquals(row(10L, 1L), PythonSortKey.unorderRow(row(1L, 10L)), "'10<' sorts before '1<' in Python");
        assertEquals(row(1.0, 10.0), PythonSortKey.unorderRow(row(10.0, 1.0)));
        assertTrue(PythonSortKey.compareCodePoints("\uD83D\uDE00", "\uFFFF") > 0, "U+1F600 sorts after U+FFFF by code point");
    }

    @Test
    void floatToleranceIsOffByDefaultAndWorksWhenOn() {
        List<List<Object>> gold = List.of(row(0.30000000000000004, "x"));
        List<List<Object>> pred = List.of(row(0.3, "x"));
        assertFalse(eq(gold, pred, ComparisonMode.OFFICIAL, false));
        CanonicalValues tol = new CanonicalValues(1e-9);
        assertTrue(ResultSetComparator.compare(gold, pred, ComparisonMode.OFFICIAL, false, tol).equal());
        assertTrue(ResultSetComparator.compare(List.of(row(3L)), List.of(row(3.0000000001)), ComparisonMode.BAG, false, tol).equal());
    }

    @Test
    void integralDoublesEqualLongsAsInPython() {
        assertTrue(eq(List.of(row(37.0)), List.of(row(37L)), ComparisonMode.SET, false));
        assertFalse(eq(List.of(row("37")), List.of(row(37L)), ComparisonMode.SET, false));
        // exact beyond 2^53, as Python compares int and float
        assertTrue(eq(List.of(row(1152921504606846976.0)), List.of(row(1152921504606846976L)), ComparisonMode.BAG, false));
        assertFalse(eq(List.of(row(9007199254740992.0)), List.of(row(9007199254740993L)), ComparisonMode.BAG, false));
    }

    @Test
    void nullsCompare() {
        assertTrue(eq(List.of(row(null, 1L)), List.of(row(1L, null)), ComparisonMode.OFFICIAL, false));
        assertFalse(eq(List.of(row(null, 1L)), List.of(row(1L, null)), ComparisonMode.BAG, false));
    }

    @Test
    void wrongResultReasonHasAShortDiff() {
        Comparison c = ResultSetComparator.compare(List.of(row("a", 1L), row("b", 2L)), List.of(row("a", 1L), row("c", 2L)),
                ComparisonMode.BAG, false, EXACT);
        assertTrue(c.difference().contains("gold 2 rows x 2 cols"), c.difference());
        assertTrue(c.difference().contains("('b', 2)") && c.difference().contains("('c', 2)"), c.difference());
    }
}
