package dev.ocistreaming.camel.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.camel.CamelContext;

/**
 * The component's own meters in camel-main's Micrometer registry (when {@code camel.metrics.enabled=true}), next to
 * Camel's route metrics: the counters the consumer and producer keep anyway, read on scrape, so they cost nothing
 * between scrapes.
 */
public final class OciStreamingMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();

    private OciStreamingMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    /** @return the binder, or null when the context has no Micrometer registry (metrics not enabled) */
    public static OciStreamingMeters bind(CamelContext context, String... tagPairs) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        return registry == null ? null : new OciStreamingMeters(registry, Tags.of(tagPairs));
    }

    /** A monotonic count, read from {@code source} at scrape time. */
    public <T> OciStreamingMeters counter(String name, String description, T source, ToDoubleFunction<T> read) {
        meters.add(FunctionCounter.builder(name, source, read)
                .description(description)
                .tags(tags)
                .register(registry));
        return this;
    }

    /** A current value, read from {@code source} at scrape time. */
    public <T> OciStreamingMeters gauge(String name, String description, T source, ToDoubleFunction<T> read) {
        meters.add(Gauge.builder(name, source, read)
                .description(description)
                .tags(tags)
                .register(registry));
        return this;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
