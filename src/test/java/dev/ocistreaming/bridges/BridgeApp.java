package dev.ocistreaming.bridges;

import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * One bridge as a user runs it: the project's {@code routes/<file>} and {@code application.properties}, loaded as-is by
 * camel-main, pointed at a test's local server; {@code overrides} win over application.properties (test folders,
 * short timeouts).
 */
final class BridgeApp implements AutoCloseable {

    static final Path PROJECT = Path.of("").toAbsolutePath();

    private final Main main;

    private BridgeApp(Main main) {
        this.main = main;
    }

    static BridgeApp start(String routeFile, LocalServerExtension server, Map<String, String> overrides)
            throws Exception {
        Path route = PROJECT.resolve("routes").resolve(routeFile);
        if (!Files.isRegularFile(route)) {
            throw new IllegalArgumentException("No route file " + route);
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + PROJECT.resolve("application.properties"));
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + route);
        main.addOverrideProperty("camel.component.oci-streaming.endpoint", server.url());
        main.addOverrideProperty("camel.component.oci-streaming.compartment-id", SdkClients.COMPARTMENT);
        // a stopped bridge's partitions go to the next one quickly
        main.addOverrideProperty("camel.component.oci-streaming.group-timeout-ms", "2000");
        overrides.forEach(main::addOverrideProperty);
        main.start();
        return new BridgeApp(main);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
