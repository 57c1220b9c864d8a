package dev.ocistreaming.local.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.ConsumerCommitRequest;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The console in a real headless Chromium: create a stream (and see the server's own validation
 * error first), produce a test message and find it in the message list, watch a consumer group
 * driven by the SDK change its lag, see the put/get chart move, delete a stream, and check that
 * names, keys and values are shown as text and never run. Screenshots go to
 * {@code target/failsafe-reports/<this class>/} and are attached to the report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @RegisterExtension
    static final Browser.PerClass BROWSER = new Browser.PerClass();

    private static Browser browser() {
        return BROWSER.get();
    }

    @Test
    @Order(1)
    void createAStreamProduceATestMessageAndSeeItInTheMessageList() {
        browser().open(SERVER.server().consoleUrl());
        browser().await("the empty streams list", d -> browser().text("#streams-body td.empty") != null);
        browser().screenshot("01-streams-empty");

        browser().find("#create-stream").click();
        browser().type("#stream-name", "orders");
        browser().type("#stream-partitions", "2");
        browser().type("#stream-retention", "500");
        browser().find("#create-stream-dialog-submit").click();
        String error = browser()
                .await(
                        "the server's validation error in the dialog",
                        d -> nonEmpty(browser().text("#create-stream-dialog-error")));
        assertThat(error)
                .isEqualTo("InvalidParameter: Invalid retentionInHours: expected a whole number from 24 to 168");
        browser().screenshot("02-create-stream-validation-error");

        browser().type("#stream-retention", "48");
        browser().find("#create-stream-dialog-submit").click();
        browser().await("the new stream ACTIVE in the list", d -> "ACTIVE".equals(cellOfStream("orders", 5)));
        assertThat(cellOfStream("orders", 3)).isEqualTo("2");
        assertThat(cellOfStream("orders", 4)).isEqualTo("48 h");
        browser().screenshot("03-stream-created");

        browser().driver().findElement(By.linkText("orders")).click();
        browser().await("the stream page", d -> "orders".equals(browser().text("#stream-title")));
        browser().type("#produce-key", "order-1");
        browser().type("#produce-value", "hello from the console");
        browser().find("#produce-submit").click();
        String produced =
                browser().await("the produce result", d -> nonEmpty(browser().text("#produce-result")));
        assertThat(produced).startsWith("Produced to partition");

        browser().find("#load-messages").click();
        browser()
                .await(
                        "the message in the list",
                        d -> "hello from the console"
                                .equals(browser().text("#messages-body tr.message td.value .bytes")));
        assertThat(browser().text("#messages-body tr.message td.key .bytes")).isEqualTo("order-1");
        assertThat(browser().text("#messages-body tr.message td:nth-child(2)"))
                .as("offset")
                .isEqualTo("0");
        browser().await("the message counted in its partition", d -> messagesOnPage() == 1);
        browser().screenshot("04-test-message-produced-and-loaded");
    }

    @Test
    @Order(2)
    void aConsumerGroupsLagChangesAsTheSdkReadsAndCommits() {
        Stream stream = SERVER.createStream("payments", 1);
        StreamClient client = SERVER.streamClient();
        put(client, stream.getId(), "p", 5);
        browser().open(SERVER.server().consoleUrl() + "#/streams/" + stream.getId());
        browser().await("the stream page", d -> "payments".equals(browser().text("#stream-title")));

        String cursor = SdkClients.groupCursor(client, stream.getId(), "billing", "worker-1", false, null);
        GetMessagesResponse read = client.getMessages(GetMessagesRequest.builder()
                .streamId(stream.getId())
                .cursor(cursor)
                .limit(10)
                .build());
        assertThat(read.getItems()).hasSize(5);
        String group = "#groups-body tr[data-group='billing'][data-partition='0']";
        browser().await("lag 5 before any commit", d -> "5".equals(browser().text(group + " td.lag")));
        assertThat(browser().text(group + " td.instance")).isEqualTo("worker-1");
        assertThat(browser().text(group + " td.committed")).isEqualTo("—");
        browser().screenshot("05-group-lag-before-commit");

        client.consumerCommit(ConsumerCommitRequest.builder()
                .streamId(stream.getId())
                .cursor(read.getOpcNextCursor())
                .build());
        browser().await("lag 0 after the commit", d -> "0".equals(browser().text(group + " td.lag")));
        assertThat(browser().text(group + " td.committed")).isEqualTo("4");

        put(client, stream.getId(), "q", 3);
        browser()
                .await(
                        "lag 3 after three more messages",
                        d -> "3".equals(browser().text(group + " td.lag")));
        browser()
                .await(
                        "the chart counting 8 puts and 5 gets",
                        d -> "8".equals(chart("putTotal")) && "5".equals(chart("getTotal")));
        browser().screenshot("06-group-lag-after-commit-and-three-more");
    }

    @Test
    @Order(3)
    void namesKeysAndValuesAreShownAsTextAndNeverRun() {
        String name = "<img src=x onerror=\"window.injected=1\">";
        Stream stream = SERVER.createStream(name, 1);
        StreamClient client = SERVER.streamClient();
        client.putMessages(PutMessagesRequest.builder()
                .streamId(stream.getId())
                .putMessagesDetails(PutMessagesDetails.builder()
                        .messages(List.of(
                                entry(
                                        "<script>window.injected=2</script>".getBytes(UTF_8),
                                        "<img src=x onerror=\"window.injected=3\">".getBytes(UTF_8)),
                                entry(null, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff})))
                        .build())
                .build());

        browser().open(SERVER.server().consoleUrl());
        browser().await("the stream's name, as text", d -> name.equals(cellOfStream(name, 1)));
        browser().open(SERVER.server().consoleUrl() + "#/streams/" + stream.getId());
        browser().await("the stream page", d -> name.equals(browser().text("#stream-title")));
        browser().find("#load-messages").click();
        browser()
                .await(
                        "both messages",
                        d -> browser()
                                        .driver()
                                        .findElements(By.cssSelector("#messages-body tr.message"))
                                        .size()
                                == 2);
        assertThat(texts("#messages-body td.value .bytes"))
                .containsExactlyInAnyOrder("<img src=x onerror=\"window.injected=3\">", "00 01 fe ff");
        assertThat(texts("#messages-body td.value .badge.hex")).containsExactly("hex");
        assertThat(texts("#messages-body td.key"))
                .containsExactlyInAnyOrder("<script>window.injected=2</script>", "none");
        assertThat(browser().driver().findElements(By.cssSelector("#main img, #main script")))
                .isEmpty();
        assertThat(browser().script("return window.injected === undefined")).isEqualTo(true);
        browser().screenshot("07-user-data-shown-as-text");
    }

    @Test
    @Order(4)
    void deleteAStreamFromTheList() {
        Stream stream = SERVER.createStream("scratch", 1);
        browser().open(SERVER.server().consoleUrl());
        String row = "#streams-body tr[data-stream-id='" + stream.getId() + "']";
        browser().await("the stream in the list", d -> browser().text(row) != null);
        browser().find(row + " button.delete-stream").click();
        browser()
                .await(
                        "the confirmation",
                        d -> browser().find("#delete-stream-dialog").isDisplayed());
        browser().screenshot("08-delete-confirmation");
        browser().find("#delete-stream-dialog-submit").click();
        browser().await("the row gone", d -> browser().text(row) == null);
        assertThat(browser().text("#streams-notice")).isEqualTo("Stream scratch deleted.");
        assertThat(SERVER.adminClient()
                        .getStream(GetStreamRequest.builder()
                                .streamId(stream.getId())
                                .build())
                        .getStream()
                        .getLifecycleState())
                .isIn(Stream.LifecycleState.Deleting, Stream.LifecycleState.Deleted);
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

    /** The partitions table's message counts, summed. */
    private static int messagesOnPage() {
        return texts("#partitions-body td:nth-child(4)").stream()
                .mapToInt(Integer::parseInt)
                .sum();
    }

    private static List<String> texts(String css) {
        return browser().driver().findElements(By.cssSelector(css)).stream()
                .map(e -> e.getText())
                .toList();
    }

    private static String chart(String attribute) {
        return (String) browser().script("return document.getElementById('rate-chart').dataset." + attribute);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void put(StreamClient client, String streamId, String prefix, int count) {
        List<PutMessagesDetailsEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(entry(null, (prefix + i).getBytes(UTF_8)));
        }
        client.putMessages(PutMessagesRequest.builder()
                .streamId(streamId)
                .putMessagesDetails(
                        PutMessagesDetails.builder().messages(entries).build())
                .build());
    }

    private static PutMessagesDetailsEntry entry(byte[] key, byte[] value) {
        return PutMessagesDetailsEntry.builder().key(key).value(value).build();
    }
}
