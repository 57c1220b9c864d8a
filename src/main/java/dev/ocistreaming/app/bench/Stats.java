package dev.ocistreaming.app.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians, percentiles and the number formats of the table. */
final class Stats {

    private Stats() {}

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Nearest-rank percentile ({@code p} in 0..100) of unsorted values. */
    static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** 123 456 msgs/s: a space between thousands, no decimals above 100. */
    static String count(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value < 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%,.0f", value).replace(',', ' ');
    }

    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 100 ? fixed(ms, 0) : fixed(ms, 1);
    }

    /** CPU microseconds, with decimals only where they matter. */
    static String micros(double value) {
        return fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0) + " us";
    }

    static String mib(long bytes) {
        return fixed(bytes / 1048576.0, 1) + " MiB";
    }
}
