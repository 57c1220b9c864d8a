package dev.ocistreaming.app.bench;

import dev.ocistreaming.app.BundledFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.PooledExchangeFactory;
import org.apache.camel.impl.engine.PooledProcessorExchangeFactory;
import org.apache.camel.impl.engine.PrototypeExchangeFactory;
import org.apache.camel.impl.engine.PrototypeProcessorExchangeFactory;

/**
 * The two camel-main settings of the launcher's application.properties that change the per-exchange cost, applied to
 * the bench's plain CamelContexts so its figures are those of the defaults users get. A {@code -D} of the same key
 * overrides them, as it does for camel-main, to measure the alternatives.
 */
final class LauncherCamelDefaults {

    static final String JMX_ENABLED = "camel.main.jmx-enabled";
    static final String EXCHANGE_FACTORY = "camel.main.exchange-factory";

    private static final String BUNDLED = "/" + BundledFiles.PROPERTIES;

    private final boolean jmxEnabled;
    private final String exchangeFactory;

    private LauncherCamelDefaults(boolean jmxEnabled, String exchangeFactory) {
        this.jmxEnabled = jmxEnabled;
        this.exchangeFactory = exchangeFactory;
    }

    static LauncherCamelDefaults load() {
        Properties bundled = new Properties();
        try (InputStream in = LauncherCamelDefaults.class.getResourceAsStream(BUNDLED)) {
            if (in != null) {
                bundled.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // camel-main's own defaults where the file says nothing: JMX on, a new exchange per message
        boolean jmx = Boolean.parseBoolean(value(bundled, JMX_ENABLED, "true"));
        String factory = value(bundled, EXCHANGE_FACTORY, "default").toLowerCase(Locale.ROOT);
        return new LauncherCamelDefaults(jmx, factory);
    }

    private static String value(Properties bundled, String key, String fallback) {
        return System.getProperty(key, bundled.getProperty(key, fallback)).trim();
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
