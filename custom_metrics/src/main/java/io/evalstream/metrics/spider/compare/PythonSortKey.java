package io.evalstream.metrics.spider.compare;

import io.evalstream.metrics.sql.QueryResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * exec_eval.py unorder_row: {@code sorted(row, key=lambda x: str(x) + str(type(x)))}. The key is
 * Python's text of the value, so an INTEGER 1 ("1&lt;class 'int'&gt;") and a REAL 1.0
 * ("1.0&lt;class 'float'&gt;") can sort to different places in their rows although Python finds
 * them equal; the official quick rejection then calls two equal results different. Mirrored
 * exactly: values as SQLite returned them (Long, Double, String, Blob, null), Python's
 * {@code repr} of floats, of bytes, and code-point order of strings.
 */
public final class PythonSortKey {
    private PythonSortKey() {
    }

    /** The row's values in the order Python's sorted() gives them (a stable sort, as Python's). */
    public static List<Object> unorderRow(List<Object> row) {
        String[] keys = new String[row.size()];
        Integer[] order = new Integer[row.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(row.get(i));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing((Integer i) -> keys[i], PythonSortKey::compareCodePoints));
        List<Object> out = new ArrayList<>(row.size());
        for (Integer i : order) {
            out.add(row.get(i));
        }
        return out;
    }

    /** {@code str(x) + str(type(x))}. */
    static String key(Object value) {
        if (value == null) {
            return "None<class 'NoneType'>";
        }
        if (value instanceof Long || value instanceof Integer) {
            return value + "<class 'int'>";
        }
        if (value instanceof Double d) {
            return floatRepr(d) + "<class 'float'>";
        }
        if (value instanceof String s) {
            return s + "<class 'str'>";
        }
        if (value instanceof QueryResult.Blob b) {
            return bytesRepr(b.bytes()) + "<class 'bytes'>";
        }
        return value + "<class '" + value.getClass().getSimpleName() + "'>";
    }

    /** Python's str() of a float: the shortest digits that read back as the same double, fixed or exponent notation as repr chooses. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Math.abs(d));
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(candidate.toString()) == Math.abs(d)) {
                shortest = candidate.stripTrailingZeros();
                break;
            }
        }
        if (shortest == null) {
            shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        }
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.DIGITS x 10^decpt
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (decpt <= -4 || decpt > 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exponent = decpt - 1;
            sb.append('e').append(exponent < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exponent));
            sb.append(e.length() < 2 ? "0" + e : e);
        } else if (decpt <= 0) {
            sb.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt >= digits.length()) {
            sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
        } else {
            sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        }
        return sb.toString();
    }

    /** Python's repr of bytes: b'...' (b"..." when only a single quote occurs), \\t \\n \\r \\\\ and \\xhh escapes. */
    static String bytesRepr(byte[] bytes) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : bytes) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }

    /** Python orders str by code point; Java's compareTo by UTF-16 unit differs above U+D800. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
