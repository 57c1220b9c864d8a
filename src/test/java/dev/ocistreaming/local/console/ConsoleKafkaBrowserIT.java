package dev.ocistreaming.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's Kafka view in a real headless Chromium, fed by a real kafka-clients consumer group
 * (two members over a two-partition topic, some records committed, some not): the group beside a
 * REST group of the same name, its state, members and their partitions, committed offset, end
 * offset and lag per partition, and the Kafka produce and fetch counters moving. Screenshots go to
 * {@code target/failsafe-reports/<this class>/} and are attached to the report.
 */
class ConsoleKafkaBrowserIT {

    /** The Kafka face serves the default pool of this compartment, where the SDK creates the streams. */
    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    private static final String TOPIC = "kafka-orders";

    @RegisterExtension
    static final Browser.PerClass BROWSER = new Browser.PerClass();

    private static Browser browser() {
        return BROWSER.get();
    }

    @Test
    void aKafkaConsumerGroupItsLagAndTheKafkaCountersShowBesideTheRestFace() throws Exception {
        Stream stream = SERVER.createStream(TOPIC, 2);
        String bootstrap = SERVER.server().kafkaBootstrapServers();
        TwoMemberKafkaGroup.produce(bootstrap, TOPIC, 0, 10);
        TwoMemberKafkaGroup.produce(bootstrap, TOPIC, 1, 8);
        // a REST group of the same name: another group, which has committed nothing
        SdkClients.groupCursor(SERVER.streamClient(), stream.getId(), "billing", null, false, null);

        browser().open(SERVER.server().consoleUrl() + "#/streams/" + stream.getId());
        browser().await("the stream page", d -> TOPIC.equals(browser().text("#stream-title")));
        browser()
                .await(
                        "no Kafka group yet, and how one appears",
                        d -> nonEmpty(browser().text("#kafka-groups-empty")).contains(bootstrap));

        String group = "#kafka-groups .kafka-group[data-group='billing']";
        try (TwoMemberKafkaGroup members =
                TwoMemberKafkaGroup.start(bootstrap, TOPIC, "billing", Map.of(0, 6L, 1, 3L))) {
            String p0 = group + " tr.kafka-partition[data-partition='0']";
            String p1 = group + " tr.kafka-partition[data-partition='1']";
            // the page refreshes every 2 s: it may still show the group as it was before the commits
            browser()
                    .await(
                            "the group Stable with two members and both commits",
                            d -> "Stable".equals(browser().text(group + " .kafka-state"))
                                    && rows(group + " tr.kafka-member").size() == 2
                                    && "6".equals(browser().text(p0 + " td.committed"))
                                    && "3".equals(browser().text(p1 + " td.committed")));
            assertThat(browser().text(group + " .kafka-protocol"))
                    .startsWith("consumer · assignor range · generation ");
            assertThat(browser().text(group + " .badge.face")).isEqualTo("Kafka");

            Map<String, Set<TopicPartition>> held = members.assignments();
            for (WebElement row : rows(group + " tr.kafka-member")) {
                String clientId = cell(row, "client-id");
                assertThat(TwoMemberKafkaGroup.CLIENT_IDS).contains(clientId);
                assertThat(cell(row, "member-id")).startsWith(clientId + "-");
                assertThat(cell(row, "host")).contains("127.0.0.1");
                TopicPartition tp = held.get(clientId).iterator().next();
                assertThat(cell(row, "assigned")).isEqualTo(tp.topic() + "-" + tp.partition());
            }

            assertThat(browser().text(p0 + " td.committed")).isEqualTo("6");
            assertThat(browser().text(p0 + " td.end")).isEqualTo("10");
            assertThat(browser().text(p0 + " td.lag")).isEqualTo("4");
            assertThat(browser().text(p0 + " td.owner")).isEqualTo(holderOf(held, 0));
            assertThat(browser().text(p1 + " td.committed")).isEqualTo("3");
            assertThat(browser().text(p1 + " td.end")).isEqualTo("8");
            assertThat(browser().text(p1 + " td.lag")).isEqualTo("5");
            assertThat(browser().text(p1 + " td.owner")).isEqualTo(holderOf(held, 1));

            String rest = "#groups-body tr[data-group='billing']";
            assertThat(browser().text(rest + "[data-partition='0'] td.lag"))
                    .as("the REST group of the same name is another group")
                    .isEqualTo("10");
            assertThat(browser().text(rest + "[data-partition='1'] td.lag")).isEqualTo("8");

            String produce = "#traffic-body tr[data-flow='produce']";
            String fetch = "#traffic-body tr[data-flow='fetch']";
            browser()
                    .await(
                            "18 records produced and at least 18 fetched, in the Kafka counters",
                            d -> "18".equals(browser().text(produce + " td.messages-total"))
                                    && number(fetch + " td.messages-total") >= 18);
            assertThat(number(produce + " td.requests-total")).isPositive();
            assertThat(browser().text("#traffic-body tr[data-flow='put'] td.messages-total"))
                    .isEqualTo("0");
            long fetches = number(fetch + " td.requests-total");
            browser()
                    .await(
                            "the fetch requests of the polling members counted",
                            d -> number(fetch + " td.requests-total") > fetches);
            browser().screenshot("01-kafka-group-stable-with-lag");

            TwoMemberKafkaGroup.produce(bootstrap, TOPIC, 0, 3);
            browser()
                    .await(
                            "lag 7 after three more records",
                            d -> "7".equals(browser().text(p0 + " td.lag")));
            assertThat(browser().text(p0 + " td.end")).isEqualTo("13");
            assertThat(browser().text(p0 + " td.committed")).isEqualTo("6");
            browser()
                    .await(
                            "the counters and the chart counting 21 produced records",
                            d -> "21".equals(browser().text(produce + " td.messages-total"))
                                    && "21".equals(chart("produceTotal")));
            assertThat(Long.parseLong(chart("fetchTotal"))).isGreaterThanOrEqualTo(21);
            browser().screenshot("02-kafka-group-lag-after-three-more");

            browser().open(SERVER.server().consoleUrl());
            browser().await("the Kafka produce rate in the streams list", d -> !"0/s".equals(cellOfStream(TOPIC, 10)));
            browser().screenshot("03-streams-list-kafka-rates");
        }

        browser().open(SERVER.server().consoleUrl() + "#/streams/" + stream.getId());
        browser()
                .await(
                        "the group Empty once both members left",
                        d -> "Empty".equals(browser().text(group + " .kafka-state")));
        assertThat(browser().text(group + " tr.kafka-partition[data-partition='1'] td.lag"))
                .as("the commits outlive the members")
                .isEqualTo("5");
        assertThat(browser().text(group + " .kafka-members td.empty")).startsWith("No members");
        browser().screenshot("04-kafka-group-empty");
    }

    private static String holderOf(Map<String, Set<TopicPartition>> held, int partition) {
        return held.entrySet().stream()
                .filter(e -> e.getValue().contains(new TopicPartition(TOPIC, partition)))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    private static List<WebElement> rows(String css) {
        return browser().driver().findElements(By.cssSelector(css));
    }

    private static String cell(WebElement row, String className) {
        return row.findElement(By.cssSelector("td." + className)).getText();
    }

    private static long number(String css) {
        String text = browser().text(css);
        return text == null ? -1 : Long.parseLong(text.replace(",", ""));
    }

    private static String cellOfStream(String name, int column) {
        for (var row : browser().driver().findElements(By.cssSelector("#streams-body tr[data-key]"))) {
            if (row.findElement(By.cssSelector("td:nth-child(1)")).getText().equals(name)) {
                return row.findElement(By.cssSelector("td:nth-child(" + column + ")"))
                        .getText();
            }
        }
        return null;
    }

    private static String chart(String attribute) {
        return (String) browser().script("return document.getElementById('rate-chart').dataset." + attribute);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
