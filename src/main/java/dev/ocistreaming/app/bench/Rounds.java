package dev.ocistreaming.app.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs cases in interleaved rounds (A B C, A B C, ...) so a slow spell of the shared machine hits every case alike.
 * Warm-up rounds run the same cases unreported.
 */
final class Rounds {

    /** One measured case: does its work and says how many messages it moved in how long. */
    interface Case {
        Rate run() throws Exception;
    }

    private final Map<String, Case> cases = new LinkedHashMap<>();

    Rounds add(String name, Case c) {
        cases.put(name, c);
        return this;
    }

    /** @return the median msgs/s of each case, by name */
    Map<String, Double> run(Report report, String figure, int warmups, int rounds) throws Exception {
        return medians(runAll(report, figure, warmups, rounds), Rate::perSecond);
    }

    /** @return every measured rate of each case, by name */
    Map<String, List<Rate>> runAll(Report report, String figure, int warmups, int rounds) throws Exception {
        Map<String, List<Rate>> rates = new LinkedHashMap<>();
        cases.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
        for (int round = 1; round <= warmups + rounds; round++) {
            boolean warmup = round <= warmups;
            for (Map.Entry<String, Case> c : cases.entrySet()) {
                long cpu = Cpu.processNanos();
                Rate rate = c.getValue().run();
                if (rate.clientCpuNanos() < 0) {
                    rate = rate.withCpu(rate.serverCpuNanos(), Cpu.processNanos() - cpu);
                }
                report.progress(
                        "%s, %s, %s: %s msgs/s",
                        figure,
                        warmup ? "warm-up" : "round " + (round - warmups),
                        c.getKey(),
                        Stats.count(rate.perSecond()));
                if (!warmup) {
                    rates.get(c.getKey()).add(rate);
                }
            }
        }
        return rates;
    }

    static Map<String, Double> medians(Map<String, List<Rate>> rates, ToDoubleFunction<Rate> figure) {
        Map<String, Double> medians = new LinkedHashMap<>();
        rates.forEach((name, values) -> medians.put(
                name,
                Stats.median(values.stream().map(r -> figure.applyAsDouble(r)).toList())));
        return medians;
    }
}
