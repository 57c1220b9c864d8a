package dev.ocistreaming.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.net.EventLoops;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A handler that fails is answered, never left waiting: an exception, and a library missing from the class path
 * (a {@link LinkageError}, which is not an exception), each become a 500 in the OCI shape, and the connection goes on
 * serving.
 */
class HandlerFailureIT {

    @Test
    void aFailingHandlerIsAnswered500AndTheNextRequestIsServed() throws Exception {
        HttpService service = request -> switch (request.rawPath()) {
            case "/missing-library" -> throw new NoClassDefFoundError("org/example/Missing");
            case "/bug" -> throw new IllegalStateException("a bug");
            default -> Response.error(404, "NotFound", "nothing here");
        };
        try (EventLoops loops = new EventLoops(1)) {
            HttpListener listener = HttpListener.start(
                    loops, new InetSocketAddress("127.0.0.1", 0), service, HttpLimits.DEFAULTS, 1, 1 << 20);
            try {
                HttpClient client = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                String base = "http://127.0.0.1:" + listener.address().getPort();
                for (String path : new String[] {"/missing-library", "/bug", "/missing-library"}) {
                    HttpResponse<String> r = client.send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path).isEqualTo(500);
                    assertThat(r.body()).contains("InternalServerError");
                }
                HttpResponse<String> after = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/other"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(after.statusCode()).isEqualTo(404);
            } finally {
                listener.close();
            }
        }
    }
}
