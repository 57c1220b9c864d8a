package dev.ocistreaming.camel;

import static dev.ocistreaming.testsupport.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.camel.consumer.InstanceState;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.engine.PrototypeExchangeFactory;
import org.apache.camel.spi.ExchangeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three kinds of failure, each handled its own way: a failure of the service is retried and counted as a service
 * error; a stream that cannot be used fails at once with {@link OciStreamingStreamNotUsableException}; a bug stops the
 * instance, says so, and is neither retried nor counted as a service error.
 */
class FailureClassesIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Test
    void aServiceThatCannotBeReachedIsRetriedAndCountedAsServiceErrors() throws Exception {
        CamelContext context = newContext("http://127.0.0.1:" + freePort());
        context.addRoutes(consumerRoute("ocid1.stream.oc1..nowhere"));
        context.start();
        InstanceState state = instance(context);
        await().atMost(Duration.ofSeconds(20)).until(() -> state.consecutiveFailures() >= 3);
        assertThat(state.serviceErrors()).isGreaterThanOrEqualTo(3);
        assertThat(state.gaveUp()).isFalse();
    }

    @Test
    void aMissingStreamFailsAtOnceWithItsOwnExceptionNotAfterStartTimeout() throws Exception {
        CamelContext context = newContext(SERVER.url());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + uniqueName("missing") + "?startTimeoutMs=60000");
            }
        });
        long start = System.nanoTime();
        Throwable failure = catchThrowable(context::start);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(failure).hasRootCauseInstanceOf(OciStreamingStreamNotUsableException.class);
        assertThat(causeMessages(failure)).contains("not found").contains("createStreamIfMissing");
        assertThat(tookMs).as("no retries for a stream that is not there").isLessThan(30_000);
    }

    @Test
    void aBugWhileBuildingTheExchangeStopsTheInstanceInsteadOfRetryingItAsAServiceError() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("bug"), 1);
        put(SERVER, stream.getId(), "m", 3, 1);
        CamelContext context = newContext(SERVER.url());
        context.getCamelContextExtension().setExchangeFactory(new BrokenForOciStreaming());
        context.addRoutes(consumerRoute(stream.getId()));
        context.start();
        InstanceState state = instance(context);
        await().atMost(Duration.ofSeconds(20)).until(state::gaveUp);
        assertThat(state.serviceErrors()).isZero();
        assertThat(state.consecutiveFailures()).isZero();
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoute("in").getConsumer();
        var health = consumer.getHealthCheck().call();
        assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(health.getMessage())
                .get()
                .asString()
                .contains("a bug in exchange creation")
                .contains("(stopped)");
        long polls = state.received();
        Thread.sleep(1000);
        assertThat(state.received()).as("the stopped instance reads no more").isEqualTo(polls);
    }

    private static RouteBuilder consumerRoute(String stream) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream + "?groupName=g").routeId("in").to("log:never");
            }
        };
    }

    private static InstanceState instance(CamelContext context) {
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoute("in").getConsumer();
        return consumer.instanceStates().get(0);
    }

    /** Camel's own exchange factory, failing for the OCI Streaming consumer as a bug in our mapping would. */
    static final class BrokenForOciStreaming extends PrototypeExchangeFactory {

        BrokenForOciStreaming() {}

        BrokenForOciStreaming(Consumer consumer) {
            super(consumer);
        }

        @Override
        public ExchangeFactory newExchangeFactory(Consumer consumer) {
            BrokenForOciStreaming answer = new BrokenForOciStreaming(consumer);
            answer.setCamelContext(getCamelContext());
            return answer;
        }

        @Override
        public Exchange create(boolean autoRelease) {
            failForOciStreaming();
            return super.create(autoRelease);
        }

        @Override
        public Exchange create(Endpoint fromEndpoint, boolean autoRelease) {
            failForOciStreaming();
            return super.create(fromEndpoint, autoRelease);
        }

        private void failForOciStreaming() {
            if (getConsumer() instanceof OciStreamingConsumer) {
                throw new IllegalStateException("a bug in exchange creation");
            }
        }
    }
}
