package dev.ocistreaming.app;

import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import java.util.List;
import java.util.Map;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** camel-main running route files, with the embedded local server beside it when asked. */
final class CamelApplication {

    /** The property the demo routes take their stream from. */
    static final String STREAM_PROPERTY = "demo.stream";
    /** The component's endpoint, pointed at the embedded server while it runs. */
    static final String ENDPOINT_PROPERTY = "camel.component.oci-streaming.endpoint";

    private static final Logger LOG = LoggerFactory.getLogger(CamelApplication.class);

    private final List<String> routeLocations;
    private final Map<String, String> overrides;
    private final ServerConfig embeddedServer;

    /**
     * @param routeLocations camel-main route locations ({@code file:…} or {@code classpath:…})
     * @param overrides      properties that win over application.properties
     * @param embeddedServer the local server to start first, or null for none
     */
    CamelApplication(List<String> routeLocations, Map<String, String> overrides, ServerConfig embeddedServer) {
        this.routeLocations = List.copyOf(routeLocations);
        this.overrides = Map.copyOf(overrides);
        this.embeddedServer = embeddedServer;
    }

    /** Runs until the JVM is asked to stop (Ctrl+C, SIGTERM); returns camel-main's exit code. */
    int run() throws Exception {
        return run(new MainListenerSupport());
    }

    /** As {@link #run()}, with a listener that sees the Camel lifecycle (tests observe and stop it). */
    int run(MainListener listener) throws Exception {
        Main main = new Main();
        main.addMainListener(listener);
        main.setPropertyPlaceholderLocations(AppProperties.CAMEL_LOCATIONS);
        main.addOverrideProperty("camel.main.routes-include-pattern", RouteFiles.includePattern(routeLocations));
        overrides.forEach(main::addOverrideProperty);

        LocalStreamingServer server = embeddedServer == null ? null : LocalStreamingServer.start(embeddedServer);
        try {
            if (server != null) {
                main.addOverrideProperty(ENDPOINT_PROPERTY, server.url());
                main.addMainListener(new MainListenerSupport() {
                    @Override
                    public void afterConfigure(BaseMainSupport support) {
                        try {
                            support.getCamelContext().addService(new ServerShutdown(server), true, false);
                        } catch (Exception e) {
                            throw RuntimeCamelException.wrapRuntimeCamelException(e);
                        }
                    }
                });
            }
            LOG.debug("Routes: {}", routeLocations);
            main.run();
            return main.getExitCode();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Closes the embedded server as part of Camel's own shutdown, after the routes stopped (so consumers commit
     * first). On Ctrl+C the JVM may halt as soon as Camel's shutdown hook is done, before {@code run()} returns.
     */
    private static final class ServerShutdown extends ServiceSupport {
        private final LocalStreamingServer server;

        ServerShutdown(LocalStreamingServer server) {
            this.server = server;
        }

        @Override
        protected void doStop() {
            server.close();
        }
    }
}
