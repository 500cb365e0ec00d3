package io.evalstream.aggregator.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear axis of a chart: a data range widened to round tick values and mapped onto a pixel
 * range. Ticks are 1, 2 or 5 times a power of ten, about five of them.
 */
record ChartAxis(double min, double max, double step, double pixelFrom, double pixelTo) {

    /** An axis that covers every value given (NaN ignored) and zero, with a little room either side. */
    static ChartAxis covering(List<Double> values, double pixelFrom, double pixelTo, double minimumSpan) {
        double lo = 0;
        double hi = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo < minimumSpan) {
            double mid = (hi + lo) / 2;
            lo = mid - minimumSpan / 2;
            hi = mid + minimumSpan / 2;
        }
        double step = niceStep((hi - lo) / 5);
        return new ChartAxis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step, pixelFrom, pixelTo);
    }

    /** A fixed range, e.g. [0, 1] for accuracies. */
    static ChartAxis fixed(double min, double max, double step, double pixelFrom, double pixelTo) {
        return new ChartAxis(min, max, step, pixelFrom, pixelTo);
    }

    double pixel(double value) {
        double clamped = Math.max(min, Math.min(max, value));
        return pixelFrom + (clamped - min) / (max - min) * (pixelTo - pixelFrom);
    }

    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        for (long i = Math.round(min / step); i * step <= max + step / 1e6; i++) {
            ticks.add(i * step);
        }
        return ticks;
    }

    private static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / power;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }
}
