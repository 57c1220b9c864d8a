package dev.ocistreaming.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.testsupport.LocalServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's files: served from the jar by exact path, with types and headers that keep pages inert. */
class ConsoleAssetsIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    /** Ways of putting markup or code into a page from a string; the console builds text nodes only. */
    private static final List<String> HTML_SINKS = List.of(
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "setTimeout('",
            "setTimeout(\"",
            "createContextualFragment");

    @Test
    void everyFileIsServedWithItsTypeAndTheSecurityHeaders() {
        for (String file : ConsoleAssets.FILES) {
            HttpResponse<String> r = Http.get(SERVER.url() + "/console/" + file);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertThat(r.body()).as(file).isEqualTo(resource(file));
            String type = r.headers().firstValue("Content-Type").orElseThrow();
            assertThat(type)
                    .as(file)
                    .isEqualTo(
                            file.endsWith(".js")
                                    ? "text/javascript; charset=utf-8"
                                    : file.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8");
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(Replies.CONTENT_SECURITY_POLICY);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
    }

    @Test
    void theConsoleIsAtSlashConsoleWithOrWithoutTheSlash() {
        String index = resource("index.html");
        assertThat(Http.get(SERVER.url() + "/console").body()).isEqualTo(index);
        assertThat(Http.get(SERVER.url() + "/console/").body()).isEqualTo(index);
        HttpResponse<String> head = Http.send("HEAD", SERVER.url() + "/console");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void onlyTheShippedFilesByExactPathAndOnlyForReading() {
        for (String path : List.of(
                "/console/nope.js",
                "/console/js/../index.html",
                "/console/%2e%2e/pom.xml",
                "/console/..%2F..%2Fpom.xml",
                "/console//js/app.js",
                "/console/js/app.js/",
                "/console/JS/APP.JS",
                "/console/dev/ocistreaming/local/console/index.html")) {
            HttpResponse<String> r = Http.get(SERVER.url() + path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEqualTo("No such console page\n");
        }
        HttpResponse<String> post = Http.send("POST", SERVER.url() + "/console/js/app.js");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> other = Http.get(SERVER.url() + "/consolefoo");
        assertThat(other.statusCode())
                .as("not the console's: the API's JSON 404")
                .isEqualTo(404);
        assertThat(Http.json(other).get("code").asText()).isEqualTo("NotFound");
    }

    @Test
    void pagesRunNoInlineCodeAndScriptsNeverTurnStringsIntoMarkup() {
        String index = resource("index.html");
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(index);
        int count = 0;
        while (scripts.find()) {
            assertThat(scripts.group(1))
                    .as("scripts come from files (the CSP forbids inline code)")
                    .contains(" src=");
            count++;
        }
        assertThat(count).isEqualTo(1);
        assertThat(index).doesNotContain(" style=", " onload=", " onclick=");
        for (String file : ConsoleAssets.FILES) {
            if (file.endsWith(".js")) {
                String js = resource(file);
                for (String sink : HTML_SINKS) {
                    assertThat(js).as(file + " uses " + sink).doesNotContain(sink);
                }
            }
        }
    }

    private static String resource(String file) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/dev/ocistreaming/local/console/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
