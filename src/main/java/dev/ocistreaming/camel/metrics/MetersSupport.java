package dev.ocistreaming.camel.metrics;

import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * Binds the component's meters when the context has a Micrometer registry ({@code camel.metrics.enabled=true}), and
 * does nothing otherwise. Micrometer is a dependency of the component, so its presence needs no probing.
 */
public final class MetersSupport {

    private MetersSupport() {}

    /**
     * @param define registers the meters on the binder it is given
     * @return something to close when the consumer or producer stops (a no-op without a registry)
     */
    public static AutoCloseable bind(
            CamelContext context, Function<OciStreamingMeters, OciStreamingMeters> define, String... tags) {
        OciStreamingMeters meters = OciStreamingMeters.bind(context, tags);
        return meters == null ? () -> {} : define.apply(meters);
    }
}
