package dev.ocistreaming.camel.metrics;

import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * Binds the component's meters when the application has Micrometer and the context a registry
 * ({@code camel.metrics.enabled=true}), and does nothing otherwise. Micrometer is an optional dependency of the
 * component, so an application without it must never load a class that names Micrometer's types.
 */
public final class MetersSupport {

    private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

    private MetersSupport() {}

    /**
     * @param define registers the meters on the binder it is given
     * @return something to close when the consumer or producer stops (a no-op without Micrometer or a registry)
     */
    public static AutoCloseable bind(
            CamelContext context, Function<OciStreamingMeters, OciStreamingMeters> define, String... tags) {
        if (!MICROMETER) {
            return () -> {};
        }
        OciStreamingMeters meters = OciStreamingMeters.bind(context, tags);
        return meters == null ? () -> {} : define.apply(meters);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, MetersSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
