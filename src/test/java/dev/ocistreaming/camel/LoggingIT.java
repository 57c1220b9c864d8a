package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.camel.consumer.ConsumerInstance;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's log lines, and an idle instance that does not log on every poll. */
class LoggingIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final AbstractAppender appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage());
        }
    };
    private final List<Logger> loggers = List.of((Logger) LogManager.getLogger(ConsumerInstance.class), (Logger)
            LogManager.getLogger(dev.ocistreaming.camel.consumer.GroupCursorSession.class));

    @AfterEach
    void detach() {
        loggers.forEach(l -> l.removeAppender(appender));
        appender.stop();
    }

    @Test
    void anIdleInstanceLogsTheDemosLinesButNotEveryPoll() throws Exception {
        appender.start();
        loggers.forEach(l -> l.addAppender(appender));
        Stream stream = SERVER.createStream(uniqueName("quiet"), 1);
        startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                // Polls every 50 ms when idle; the idle line may come at most every second.
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=quiet&maxIdlePollIntervalMs=50"
                                + "&idleLogIntervalMs=1000")
                        .to("log:never");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("No new messages... (quiet)"));
        long firstIdleLine = System.nanoTime();
        Thread.sleep(2500);
        // at most one line per idleLogIntervalMs after the first, over the time that really passed (a loaded machine
        // may sleep longer than asked)
        long mostLines = 2 + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - firstIdleLine);
        assertThat(lines)
                .contains(
                        "Starting a consumer with instance ID: quiet", "Creating a cursor for group g, instance quiet");
        long idle = lines.stream().filter(l -> l.startsWith("No new messages")).count();
        assertThat(idle).as("idle lines in about 2.5 s of ~50 polls").isBetween(2L, mostLines);
    }
}
