package io.evalstream.aggregator.stats;

/** A closed interval [low, high]; both ends NaN when the data cannot define one. */
public record Interval(double low, double high) {
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    public boolean contains(double x) {
        return x >= low && x <= high;
    }

    public Interval scaled(double factor) {
        return new Interval(low * factor, high * factor);
    }
}
