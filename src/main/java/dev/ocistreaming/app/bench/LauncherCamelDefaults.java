package dev.ocistreaming.app.bench;

import dev.ocistreaming.app.AppProperties;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.PooledExchangeFactory;
import org.apache.camel.impl.engine.PooledProcessorExchangeFactory;
import org.apache.camel.impl.engine.PrototypeExchangeFactory;
import org.apache.camel.impl.engine.PrototypeProcessorExchangeFactory;

/**
 * The two camel-main settings of the launcher's application.properties that change the per-exchange cost, read as
 * {@code run} reads them and applied to the bench's plain CamelContexts, so its figures are those of the settings
 * users get. A {@code -D} of the same key overrides them, as it does for camel-main, to measure the alternatives.
 */
final class LauncherCamelDefaults {

    static final String JMX_ENABLED = "camel.main.jmx-enabled";
    static final String EXCHANGE_FACTORY = "camel.main.exchange-factory";

    private final boolean jmxEnabled;
    private final String exchangeFactory;

    private LauncherCamelDefaults(boolean jmxEnabled, String exchangeFactory) {
        this.jmxEnabled = jmxEnabled;
        this.exchangeFactory = exchangeFactory;
    }

    /** As {@code run} reads them: a {@code -D}, else the working directory's file, else the bundled one. */
    static LauncherCamelDefaults load() {
        AppProperties files = AppProperties.load(Path.of(""));
        // camel-main's own defaults where the files say nothing: JMX on, a new exchange per message
        boolean jmx = Boolean.parseBoolean(value(files, JMX_ENABLED, "true"));
        String factory = value(files, EXCHANGE_FACTORY, "default").toLowerCase(Locale.ROOT);
        return new LauncherCamelDefaults(jmx, factory);
    }

    private static String value(AppProperties files, String key, String fallback) {
        return System.getProperty(key, files.value(key).orElse(fallback)).trim();
    }

    /** Call before the context starts. */
    void applyTo(CamelContext context) {
        if (!jmxEnabled) {
            context.disableJMX();
        }
        // as camel-main does for camel.main.exchange-factory: the consumers' factory and the EIPs' one
        boolean pooled = "pooled".equals(exchangeFactory);
        context.getCamelContextExtension()
                .setExchangeFactory(pooled ? new PooledExchangeFactory() : new PrototypeExchangeFactory());
        context.getCamelContextExtension()
                .setProcessorExchangeFactory(
                        pooled ? new PooledProcessorExchangeFactory() : new PrototypeProcessorExchangeFactory());
    }

    @Override
    public String toString() {
        return JMX_ENABLED + "=" + jmxEnabled + ", " + EXCHANGE_FACTORY + "=" + exchangeFactory;
    }
}
