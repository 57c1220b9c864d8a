package dev.ocistreaming.app.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the benchmark prints: each figure next to its baseline from the same run, the ratio and the target
 * where the issue sets one. Progress goes to another stream so the table stays clean.
 */
final class Report {

    private final Table table = new Table("figure", "case", "result", "baseline (same run)", "ratio", "target");
    private final List<String> missed = new ArrayList<>();
    private final PrintStream progress;
    private final long started = System.nanoTime();
    private int targets;

    Report(PrintStream progress) {
        this.progress = progress;
    }

    void row(String figure, String what, String result, String baseline, String ratio, String target) {
        table.row(figure, what, result, baseline, ratio, target);
    }

    void progress(String format, Object... args) {
        progress.printf(
                Locale.ROOT,
                "[bench %5.1f s] %s%n",
                (System.nanoTime() - started) / 1e9,
                String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    /** @return the target cell, e.g. {@code ≥ 0.8: met}; a miss is remembered for the summary */
    String target(String what, String required, boolean met) {
        targets++;
        if (!met) {
            missed.add(what + " (" + required + ")");
        }
        return required + (met ? ": met" : ": MISSED");
    }

    String atLeast(String what, double ratio, double required) {
        return target(what, "≥ " + Stats.ratio(required), ratio >= required);
    }

    void print(PrintStream out) {
        table.print(out);
        out.println();
        if (missed.isEmpty()) {
            out.println("Targets: all " + targets + " met.");
        } else {
            out.println("Targets: " + (targets - missed.size()) + " of " + targets + " met; missed: "
                    + String.join("; ", missed) + ".");
        }
    }

    int missedTargets() {
        return missed.size();
    }
}
