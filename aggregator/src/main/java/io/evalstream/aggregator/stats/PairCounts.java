package io.evalstream.aggregator.stats;

/**
 * The 2x2 table of two models over the items both answered: both right, only the base right,
 * only the model right, both wrong. Every paired statistic is a function of these four counts.
 */
public record PairCounts(long bothCorrect, long baseOnly, long modelOnly, long bothWrong) {
    public static final PairCounts EMPTY = new PairCounts(0, 0, 0, 0);

    public PairCounts {
        if (bothCorrect < 0 || baseOnly < 0 || modelOnly < 0 || bothWrong < 0) {
            throw new IllegalArgumentException("pair counts must be >= 0: " + bothCorrect + ", " + baseOnly
                    + ", " + modelOnly + ", " + bothWrong);
        }
    }

    public long paired() {
        return bothCorrect + baseOnly + modelOnly + bothWrong;
    }

    public long baseCorrect() {
        return bothCorrect + baseOnly;
    }

    public long modelCorrect() {
        return bothCorrect + modelOnly;
    }

    /** Model minus base accuracy over the paired items, a fraction; NaN when none is paired. */
    public double difference() {
        long n = paired();
        return n == 0 ? Double.NaN : (double) (modelOnly - baseOnly) / n;
    }
}
