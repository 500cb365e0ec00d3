package io.evalstream.metrics.spider.compare;

/** Whether two result sets match, and if not, a short human-readable difference. */
public record Comparison(boolean equal, String difference) {
    public static Comparison same() {
        return new Comparison(true, "");
    }

    public static Comparison differs(String difference) {
        return new Comparison(false, difference);
    }
}
