package dev.ocistreaming.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ocistreaming.local.ServerConfig;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.apache.camel.spi.ReloadStrategy;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --dev}: a saved route file is reloaded by camel-main, its group consumer resumes where the group was, a
 * file that does not load is reported and leaves every route running.
 */
class DevModeReloadIT {

    @TempDir
    Path project;

    @TempDir
    Path data;

    /** What camel-main's reload logs when a file does not load, with the exception's messages. */
    private final StringWriter reloadErrors = new StringWriter();

    private WriterAppender appender;

    @BeforeEach
    void captureReloadErrors() {
        appender = WriterAppender.newBuilder()
                .setName("reload-errors")
                .setTarget(reloadErrors)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n%ex%n").build())
                .build();
        appender.start();
        reloadLogger().addAppender(appender);
    }

    @AfterEach
    void stopCapturing() {
        reloadLogger().removeAppender(appender);
        appender.stop();
    }

    private static org.apache.logging.log4j.core.Logger reloadLogger() {
        return (org.apache.logging.log4j.core.Logger) LogManager.getLogger(FileWatcherResourceReloadStrategy.class);
    }

    @Test
    void aSavedRouteFileIsReloadedKeepingTheGroupPositionAndABrokenOneChangesNothing() throws Exception {
        Path routes = Files.createDirectories(project.resolve("routes"));
        Path relay = routes.resolve("relay.camel.yaml");
        Files.writeString(relay, relayRoute("v1"));
        Path tick = routes.resolve("tick.camel.yaml");
        Files.writeString(tick, """
                - route:
                    id: tick
                    from:
                      uri: timer:tick?period=50
                      steps:
                        - to: mock:tick
                """);
        List<String> locations = List.of("file:" + relay, "file:" + tick);
        Map<String, String> settings = DevMode.reloadSettings(locations);
        ServerConfig server =
                ServerConfig.fromProperties(Map.of("local-server.port", "0", "local-server.data-dir", data.toString()));
        CompletableFuture<MainSupport> started = new CompletableFuture<>();
        CamelApplication application = new CamelApplication(locations, settings, server);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return application.run(new MainListenerSupport() {
                    @Override
                    public void afterStart(BaseMainSupport support) {
                        started.complete((MainSupport) support);
                    }
                });
            } catch (Exception e) {
                started.completeExceptionally(e);
                throw new IllegalStateException(e);
            }
        });
        MainSupport main = started.get(90, TimeUnit.SECONDS);
        try {
            CamelContext context = main.getCamelContext();
            ProducerTemplate producer = context.createProducerTemplate();
            ReloadStrategy reload = context.hasService(ReloadStrategy.class);
            assertThat(reload).as("camel-main's routes reload is on").isNotNull();

            producer.sendBody("oci-streaming:dev-in", "a");
            producer.sendBody("oci-streaming:dev-in", "b");
            await().atMost(Duration.ofSeconds(60)).until(() -> bodies(context).equals(List.of("v1-a", "v1-b")));

            Files.writeString(relay, relayRoute("v2"));
            await().atMost(Duration.ofSeconds(60)).until(() -> reload.getReloadCounter() >= 1);
            producer.sendBody("oci-streaming:dev-in", "c");
            // the reloaded route (its mock:out is a new endpoint) got c only: its group consumer went on from the
            // committed position, a and b did not come again
            await().atMost(Duration.ofSeconds(60)).until(() -> bodies(context).contains("v2-c"));
            Thread.sleep(1000);
            assertThat(bodies(context)).containsExactly("v2-c");

            // YAML that does not parse: the file, its line and column
            Files.writeString(relay, relayRoute("v3").replace("      steps:", "    steps: [oops"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> reloadErrors.toString().contains("relay.camel.yaml, line "));
            assertThat(reloadErrors.toString()).contains("Error reloading routes from file: " + relay);

            // an unknown option: the file and the option
            Files.writeString(relay, relayRoute("v4").replace("groupName: relay", "groupNmae: relay"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> reloadErrors.toString().contains("groupNmae"));
            assertThat(reloadErrors.toString())
                    .contains("Failed to create route: relay (source: file:" + relay + ")")
                    .contains("Unknown parameters=[{groupNmae=relay}]");

            // a value outside an option's allowed ones: the file, the line, the allowed values
            Files.writeString(
                    relay,
                    relayRoute("v5").replace("groupName: relay", "groupName: relay\n        commitMode: SOMETIMES"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> reloadErrors.toString().contains("SOMETIMES"));
            assertThat(reloadErrors.toString())
                    .contains("(source: relay.camel.yaml:4) because: Invalid value 'SOMETIMES' for option commitMode:"
                            + " expected one of AFTER_PROCESSING, ON_GET, MANUAL");

            // the other route never stopped
            assertThat(context.getRouteController().getRouteStatus("tick")).isEqualTo(ServiceStatus.Started);
            MockEndpoint ticks = context.getEndpoint("mock:tick", MockEndpoint.class);
            int before = ticks.getReceivedCounter();
            await().atMost(Duration.ofSeconds(30)).until(() -> ticks.getReceivedCounter() > before);
        } finally {
            main.completed();
            exit.get(60, TimeUnit.SECONDS);
        }
    }

    private static String relayRoute(String version) {
        return """
                - route:
                    id: relay
                    from:
                      uri: oci-streaming:dev-in
                      parameters:
                        groupName: relay
                        instanceName: dev
                        initialPosition: TRIM_HORIZON
                        maxIdlePollIntervalMs: 200
                      steps:
                        - setBody:
                            simple: "%s-${body}"
                        - to: mock:out
                """.formatted(version);
    }

    private static List<String> bodies(CamelContext context) {
        return context.getEndpoint("mock:out", MockEndpoint.class).getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(String.class))
                .toList();
    }
}
