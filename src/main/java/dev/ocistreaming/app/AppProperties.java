package dev.ocistreaming.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where {@code application.properties} comes from, for camel-main and for the launcher alike: the working
 * directory's file wins over the copy bundled in the jar, key by key (a key the local file leaves out keeps its
 * bundled value), and a JVM system property ({@code -Dkey=value}) wins over both.
 *
 * <p>camel-main does this itself from {@link #CAMEL_LOCATIONS} (its property placeholder gives the first location
 * that has a key precedence, and looks at system properties before any location). The launcher needs the
 * {@code local-server.*} keys before camel-main starts (the server must be up first), so {@link #load} reads the same
 * two files in the same precedence.
 */
public final class AppProperties {

    static final String BUNDLED = BundledFiles.PROPERTIES;

    /**
     * Where camel-main looks. Camel's properties component gives the first location that has a key precedence over
     * later ones (for placeholders and for camel-main's own keys alike), so the working directory comes first.
     */
    public static final String CAMEL_LOCATIONS =
            "file:application.properties;optional=true,classpath:" + BUNDLED + ";optional=true";

    static final String SERVER_PREFIX = "local-server.";
    /** Ours, not the server's: whether {@code run} starts the embedded server. Default true. */
    static final String SERVER_ENABLED = SERVER_PREFIX + "enabled";

    private final Map<String, String> values;

    private AppProperties(Map<String, String> values) {
        this.values = values;
    }

    public static AppProperties load(Path workingDirectory) {
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

    /**
     * A key's value from the two files (the working directory's first); a system property of the key wins only for
     * {@code local-server.*} keys here, as camel-main applies the others itself.
     */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
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
