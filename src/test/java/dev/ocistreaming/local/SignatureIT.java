package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.ClientConfiguration;
import com.oracle.bmc.auth.BasicAuthenticationDetailsProvider;
import com.oracle.bmc.auth.SimpleAuthenticationDetailsProvider;
import com.oracle.bmc.auth.StringPrivateKeySupplier;
import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.retrier.RetryConfiguration;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import com.oracle.bmc.util.CircuitBreakerUtils;
import dev.ocistreaming.local.security.SignatureVerifier;
import dev.ocistreaming.testsupport.SdkClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optional request-signature verification, exercised with the SDK's real signer. */
class SignatureIT {

    private static final ClientConfiguration NO_RETRY = ClientConfiguration.builder()
            .retryConfiguration(RetryConfiguration.NO_RETRY_CONFIGURATION)
            .circuitBreakerConfiguration(CircuitBreakerUtils.getNoCircuitBreakerConfiguration())
            .build();

    private static KeyPair trusted;
    private static KeyPair other;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        trusted = g.generateKeyPair();
        other = g.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    /** Signs with {@code signer}'s private key but claims {@code claimed}'s fingerprint. */
    private static BasicAuthenticationDetailsProvider auth(KeyPair signer, KeyPair claimed) {
        return SimpleAuthenticationDetailsProvider.builder()
                .tenantId("ocid1.tenancy.oc1..t")
                .userId("ocid1.user.oc1..u")
                .fingerprint(SignatureVerifier.fingerprint(claimed.getPublic()))
                .privateKeySupplier(new StringPrivateKeySupplier(
                        pem("PRIVATE KEY", signer.getPrivate().getEncoded())))
                .build();
    }

    private LocalStreamingServer start(MutableClock clock) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(
                keys.resolve("trusted.pem"),
                pem("PUBLIC KEY", trusted.getPublic().getEncoded()));
        return LocalStreamingServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(dir.resolve("data"))
                .verifySignatures(true)
                .apiKey(keys)
                .clock(clock)
                .build());
    }

    @Test
    void signedRequestsPassAndUnsignedForgedOrUnknownOnesAre401() throws Exception {
        MutableClock clock = new MutableClock();
        try (LocalStreamingServer server = start(clock)) {
            try (StreamAdminClient admin = StreamAdminClient.builder()
                            .endpoint(server.url())
                            .configuration(NO_RETRY)
                            .build(auth(trusted, trusted));
                    StreamClient data = StreamClient.builder()
                            .endpoint(server.url())
                            .configuration(NO_RETRY)
                            .build(auth(trusted, trusted))) {
                String id = admin.createStream(CreateStreamRequest.builder()
                                .createStreamDetails(CreateStreamDetails.builder()
                                        .name("signed")
                                        .partitions(1)
                                        .compartmentId(SdkClients.COMPARTMENT)
                                        .build())
                                .build())
                        .getStream()
                        .getId();
                assertThat(Sdk.put(data, id, java.util.List.of(Sdk.entry("k", "v")))
                                .getFailures())
                        .isZero();
                assertThat(Sdk.readAll(data, id, 0)).hasSize(1);

                clock.advance(Duration.ofMinutes(6));
                assert401(() -> admin.listStreams(ListStreamsRequest.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .build()));
                clock.advance(Duration.ofMinutes(-6));
            }
            try (StreamAdminClient forged = StreamAdminClient.builder()
                    .endpoint(server.url())
                    .configuration(NO_RETRY)
                    .build(auth(other, trusted))) {
                assert401(() -> forged.listStreams(ListStreamsRequest.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .build()));
            }
            try (StreamAdminClient unknown = SdkClients.adminClient(server.url())) {
                assert401(() -> unknown.listStreams(ListStreamsRequest.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .build()));
            }
            HttpResponse<String> unsigned = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url() + "/20180418/streams?compartmentId=x"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(unsigned.body()).contains("\"code\":\"NotAuthenticated\"");
        }
    }

    @Test
    void verificationIsOffByDefault() throws Exception {
        try (LocalStreamingServer server = LocalStreamingServer.start(
                        ServerConfig.builder().port(0).dataDir(dir).build());
                StreamAdminClient admin = SdkClients.adminClient(server.url())) {
            assertThat(admin.listStreams(ListStreamsRequest.builder()
                                    .compartmentId(SdkClients.COMPARTMENT)
                                    .build())
                            .getItems())
                    .isEmpty();
        }
    }

    private static void assert401(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BmcException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(401);
            assertThat(e.getServiceCode()).isEqualTo("NotAuthenticated");
        });
    }
}
