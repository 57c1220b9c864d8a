package dev.ocistreaming.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The launcher's view of {@code application.properties}: the copy bundled in the jar, overridden by
 * the one in the working directory — the same two locations, in the same order, that camel-main reads —
 * and, for {@code local-server.*} keys, by JVM system properties ({@code -Dlocal-server.enabled=false}), as
 * camel-main lets {@code -D} override its own keys.
 */
final class AppProperties {

    /**
     * The defaults inside the jar: under the launcher's package, not the classpath root, so an application that
     * depends on the component never picks them up as its own application.properties.
     */
    static final String BUNDLED = "dev/ocistreaming/app/application.properties";

    private static final String BUNDLED_LOCATION = "classpath:" + BUNDLED;

    /** Where camel-main looks; later locations override earlier ones. */
    static final String CAMEL_LOCATIONS = BUNDLED_LOCATION + ";optional=true,file:application.properties;optional=true";

    static final String SERVER_PREFIX = "local-server.";
    /** Ours, not the server's: whether {@code run} starts the embedded server. Default true. */
    static final String SERVER_ENABLED = SERVER_PREFIX + "enabled";

    private final Map<String, String> values;

    private AppProperties(Map<String, String> values) {
        this.values = values;
    }

    static AppProperties load(Path workingDirectory) {
        return load(workingDirectory, System.getProperties());
    }

    static AppProperties load(Path workingDirectory, Properties systemProperties) {
        Properties merged = new Properties();
        try (InputStream bundled = AppProperties.class.getResourceAsStream("/" + BUNDLED)) {
            if (bundled != null) {
                merged.load(new java.io.InputStreamReader(bundled, StandardCharsets.UTF_8));
            }
            Path local = workingDirectory.resolve("application.properties");
            if (Files.isRegularFile(local)) {
                try (Reader reader = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                    merged.load(reader);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read application.properties: " + e.getMessage(), e);
        }
        systemProperties.stringPropertyNames().stream()
                .filter(name -> name.startsWith(SERVER_PREFIX))
                .forEach(name -> merged.setProperty(name, systemProperties.getProperty(name)));
        Map<String, String> values = new TreeMap<>();
        merged.stringPropertyNames()
                .forEach(name -> values.put(name, merged.getProperty(name).trim()));
        return new AppProperties(values);
    }

    boolean localServerEnabled() {
        String value = values.getOrDefault(SERVER_ENABLED, "true");
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(SERVER_ENABLED + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** The {@code local-server.*} keys for {@code ServerConfig}, without the launcher's own switch. */
    Map<String, String> localServerSettings() {
        Map<String, String> settings = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(SERVER_PREFIX) && !key.equals(SERVER_ENABLED)) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
