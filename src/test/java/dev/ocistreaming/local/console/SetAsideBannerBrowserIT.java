package dev.ocistreaming.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's banner for files set aside at start, in a real headless Chromium: it names the file, what it held
 * and what that costs, and shows a stream name holding markup as text.
 */
class SetAsideBannerBrowserIT {

    @TempDir
    Path dir;

    @Test
    void theBannerListsWhatWasSetAsideAsText() throws Exception {
        Browser.assumeInstalled();
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dir).build();
        String name = "<img src=x onerror=\"window.injected=1\">";
        String id;
        try (LocalStreamingServer s = LocalStreamingServer.start(config);
                StreamAdminClient admin = SdkClients.adminClient(s.url())) {
            id = admin.createStream(CreateStreamRequest.builder()
                            .createStreamDetails(CreateStreamDetails.builder()
                                    .name(name)
                                    .partitions(1)
                                    .compartmentId(SdkClients.COMPARTMENT)
                                    .build())
                            .build())
                    .getStream()
                    .getId();
        }
        Path file = dir.resolve("meta/streams/" + id + ".json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode stream = (ObjectNode) json.readTree(file.toFile());
        stream.put("partitions", -1);
        Files.write(file, json.writeValueAsBytes(stream));

        try (LocalStreamingServer s = LocalStreamingServer.start(config);
                Browser browser = Browser.start(Browser.screenshotsOf(getClass()))) {
            browser.open(s.consoleUrl());
            String banner = browser.await("the set-aside banner", d -> {
                String text = browser.text("#set-aside");
                return text == null || text.isEmpty() ? null : text;
            });
            assertThat(banner)
                    .contains("1 damaged file(s) set aside")
                    .contains("damaged/meta/streams/" + id + ".json")
                    .contains(name)
                    .contains("partitions is -1")
                    .contains("gone from the API");
            assertThat(browser.script("return window.injected === undefined")).isEqualTo(true);
            browser.screenshot("set-aside-banner");
        }
    }
}
