package dev.ocistreaming.camel;

import static dev.ocistreaming.testsupport.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

/** What a consumer does when the service cannot be reached at all (a port nobody listens on). */
class PollOnErrorIT extends ComponentTestSupport {

    private static final String STREAM = "ocid1.stream.oc1..nowhere";

    @Test
    void retryKeepsTryingAndReportsDown() throws Exception {
        CamelContext context = start("");
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoute("in").getConsumer();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> consumer.instanceStates().get(0).consecutiveFailures() >= 3);
        var result = consumer.getHealthCheck().call();
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage())
                .get()
                .asString()
                .contains("cannot reach the service")
                .doesNotContain("stopped");
    }

    @Test
    void stopGivesUpAfterTheFirstFailure() throws Exception {
        CamelContext context = start("&pollOnError=STOP");
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoute("in").getConsumer();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> consumer.instanceStates().get(0).gaveUp());
        Thread.sleep(500);
        assertThat(consumer.instanceStates().get(0).consecutiveFailures()).isEqualTo(1);
        assertThat(consumer.getHealthCheck().call().getMessage())
                .get()
                .asString()
                .contains("(stopped)");
    }

    @Test
    void errorHandlerHandsTheFailureToTheRouteWithBridgeErrorHandler() throws Exception {
        List<Throwable> handled = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = newContext("http://127.0.0.1:" + freePort());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class)
                        .handled(true)
                        .process(e -> handled.add(e.getProperty("CamelExceptionCaught", Throwable.class)));
                from("oci-streaming:" + STREAM + "?groupName=g&pollOnError=ERROR_HANDLER&bridgeErrorHandler=true")
                        .routeId("in")
                        .to("log:never");
            }
        });
        context.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() >= 2);
        assertThat(handled.get(0)).isInstanceOf(com.oracle.bmc.model.BmcException.class);
    }

    private CamelContext start(String options) throws Exception {
        CamelContext context = newContext("http://127.0.0.1:" + freePort());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + STREAM + "?groupName=g" + options)
                        .routeId("in")
                        .to("log:never");
            }
        });
        context.start();
        return context;
    }
}
