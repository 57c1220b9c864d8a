package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad option fails when the route starts, naming the option and what it accepts. No server is needed: the
 * checks run before any call.
 */
class BadOptionsIT {

    private static final String STREAM = "oci-streaming:ocid1.stream.oc1..bad?endpoint=http://127.0.0.1:9&";

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "from|groupName=g&commitMode=SOMETIMES|commitMode|AFTER_PROCESSING, ON_GET, MANUAL",
                "from|groupName=g&pollOnError=PANIC|pollOnError|RETRY, ERROR_HANDLER, STOP",
                "from|groupName=g&initialPosition=MIDDLE|initialPosition|LATEST, TRIM_HORIZON, AT_TIME",
                "from|partition=0&cursorType=SIDEWAYS|cursorType|TRIM_HORIZON, LATEST, AT_TIME, AT_OFFSET, AFTER_OFFSET",
                "from|groupName=g&authType=MAGIC|authType|AUTO, CONFIG_FILE, INSTANCE_PRINCIPAL",
                "from|groupName=g&partition=0|groupName|not both",
                "from|maxMessagesPerPoll=10|groupName|partition",
                "from|groupName=g&initialPosition=AT_TIME|startTime|AT_TIME",
                "from|groupName=g&initialPosition=AT_TIME&startTime=yesterday|startTime|ISO-8601",
                "from|groupName=g&startTime=2026-01-01T00:00:00Z|startTime|AT_TIME",
                "from|groupName=g&maxMessagesPerPoll=0|maxMessagesPerPoll|1 to 10000",
                "from|groupName=g&maxMessagesPerPoll=10001|maxMessagesPerPoll|1 to 10000",
                "from|groupName=g&consumersCount=0|consumersCount|greater than 0",
                "from|groupName=g&groupTimeoutMs=-1|groupTimeoutMs|greater than 0",
                "from|groupName=g&errorBackoffMs=-5|errorBackoffMs|0 or more",
                "from|groupName=g&cursorType=AT_OFFSET|cursorType|partition mode",
                "from|partition=0&cursorType=AT_OFFSET|offset|AT_OFFSET",
                "from|partition=0&offset=5|offset|AT_OFFSET",
                "from|partition=0&consumersCount=2|consumersCount|partition mode",
                "from|partition=0&commitMode=MANUAL|commitMode|group mode",
                "from|groupName=g&batching=sometimes|batching|sometimes",
                "to|maxBatchBytes=-1|maxBatchBytes|greater than 0",
                "to|maxBatchBytes=2000000|maxBatchBytes|1 MiB",
                "to|maxBatchCount=0|maxBatchCount|greater than 0",
                "to|maxInFlight=0|maxInFlight|greater than 0",
                "to|maxRetries=-1|maxRetries|0 or more",
                "to|maxQueuedBytes=1000|maxQueuedBytes|at least maxBatchBytes (1048576)",
                "to|maxBatchBytes=1000&maxQueuedBytes=999|maxQueuedBytes|at least maxBatchBytes (1000)",
                "to|maxBlockMs=-1|maxBlockMs|0 or more",
                "to|startTimeoutMs=-1|startTimeoutMs|0 or more",
                "to|partitions=0|partitions|greater than 0",
                "to|sdkMaxAttempts=0|sdkMaxAttempts|greater than 0",
                "to|authType=CONFIG_FILE&configFile=/nonexistent/oci-config|authType=CONFIG_FILE|/nonexistent/oci-config",
            })
    void failsAtRouteStart(String side, String options, String expectedOption, String expectedHint) {
        Throwable failure = startFailure(side, STREAM + options);
        assertThat(ComponentTestSupport.causeMessages(failure))
                .contains(expectedOption)
                .contains(expectedHint);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "oci-streaming:orders?endpoint=http://127.0.0.1:9|compartmentId",
                "oci-streaming:orders?endpoint=http://127.0.0.1:9&compartmentId=c&streamPoolId=p|not both",
                "oci-streaming:ocid1.stream.oc1..x|endpoint",
            })
    void streamAndEndpointProblemsAreNamed(String uri, String expected) {
        assertThat(ComponentTestSupport.causeMessages(startFailure("to", uri))).contains(expected);
    }

    private static Throwable startFailure(String side, String uri) {
        CamelContext context = new DefaultCamelContext();
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    if (side.equals("from")) {
                        from(uri).routeId("bad").to("log:never");
                    } else {
                        from("direct:in").routeId("bad").to(uri);
                    }
                }
            });
            Throwable t = catchThrowable(context::start);
            assertThat(t).as("route start must fail for " + uri).isNotNull();
            return t;
        } catch (Exception e) {
            return e;
        } finally {
            context.stop();
        }
    }
}
