package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.auth.ConfigFileAuthenticationDetailsProvider;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server that checks signatures against one registered API key: authType=CONFIG_FILE with that key works; the
 * throwaway key of authType=NONE is refused, and both health checks say so.
 */
class AuthenticationIT extends ComponentTestSupport {

    private static final Path DIR = tempDir();
    private static final Path CONFIG = writeApiKey(DIR);

    @RegisterExtension
    static final LocalServerExtension SERVER =
            new LocalServerExtension(b -> b.verifySignatures(true).apiKey(DIR.resolve("api_key_public.pem")));

    @Test
    void aConfigFileProfileWithARegisteredKeyWorks() throws Exception {
        String name = uniqueName("signed");
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                String options = "?authType=CONFIG_FILE&configFile=" + CONFIG + "&createStreamIfMissing=true";
                from("direct:in").to("oci-streaming:" + name + options);
                from("oci-streaming:" + name + options + "&groupName=g").process(recordInto(got));
            }
        });
        context.createProducerTemplate().sendBody("direct:in", "signed");
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
        assertThat(got.get(0).body()).isEqualTo("signed");
    }

    @Test
    void anAuthenticationProviderBeanIsAutowiredAndWinsOverTheLoopbackDefault() throws Exception {
        Stream stream = createSigned(uniqueName("autowired-auth"));
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = newContext(SERVER.url());
        context.getRegistry()
                .bind("ociAuth", new ConfigFileAuthenticationDetailsProvider(CONFIG.toString(), "DEFAULT"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + stream.getId());
                from("oci-streaming:" + stream.getId() + "?groupName=g").process(recordInto(got));
            }
        });
        context.start();
        context.createProducerTemplate().sendBody("direct:in", "autowired");
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
    }

    @Test
    void aStreamClientBeanIsUsedAsIsAndNotClosed() throws Exception {
        Stream stream = createSigned(uniqueName("autowired-client"));
        StreamClient client = StreamClient.builder()
                .endpoint(SERVER.url())
                .build(new ConfigFileAuthenticationDetailsProvider(CONFIG.toString(), "DEFAULT"));
        try {
            CamelContext context = newContext(SERVER.url());
            context.getRegistry().bind("ociClient", client);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // authType=NONE would be refused by this server: only the bean's signing key gets through.
                    from("direct:in").to("oci-streaming:" + stream.getId() + "?authType=NONE");
                }
            });
            context.start();
            assertThat(context.createProducerTemplate()
                            .send("direct:in", e -> e.getIn().setBody("bean"))
                            .getException())
                    .isNull();
            context.stop();
            assertThat(SdkClients.readFromStart(client, stream.getId(), "0")).hasSize(1);
        } finally {
            client.close();
        }
    }

    /** Creates a stream on this signature-checking server, signing with the registered key. */
    private static Stream createSigned(String name) throws Exception {
        try (StreamAdminClient admin = StreamAdminClient.builder()
                .endpoint(SERVER.url())
                .build(new ConfigFileAuthenticationDetailsProvider(CONFIG.toString(), "DEFAULT"))) {
            return admin.createStream(CreateStreamRequest.builder()
                            .createStreamDetails(CreateStreamDetails.builder()
                                    .name(name)
                                    .partitions(1)
                                    .compartmentId(SdkClients.COMPARTMENT)
                                    .build())
                            .build())
                    .getStream();
        }
    }

    @Test
    void aRefusedSignatureTurnsBothHealthChecksDownWithTheReason() throws Exception {
        String streamId = "ocid1.stream.oc1..unknown";
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + streamId + "?maxRetries=0&authType=NONE");
                from("oci-streaming:" + streamId + "?groupName=g&instanceName=i&authType=NONE")
                        .routeId("in")
                        .to("log:never");
            }
        });
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoute("in").getConsumer();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> consumer.getHealthCheck().call().getState() == HealthCheck.State.DOWN);
        assertThat(consumer.getHealthCheck().call().getMessage())
                .get()
                .asString()
                .contains("401");

        var failed = context.createProducerTemplate()
                .send("direct:in", e -> e.getIn().setBody("x"));
        assertThat(failed.getException()).hasMessageContaining("401");
        var check = new OciStreamingProducerHealthCheck(producer(context), "p");
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(check.call().getMessage()).get().asString().contains("401");
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("oci-auth-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An API key pair and an OCI config file naming it, as `oci setup config` would write them. */
    private static Path writeApiKey(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(
                    dir.resolve("api_key.pem"),
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(
                    dir.resolve("api_key_public.pem"),
                    pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            byte[] md5 =
                    MessageDigest.getInstance("MD5").digest(pair.getPublic().getEncoded());
            String fingerprint = HexFormat.ofDelimiter(":").formatHex(md5);
            Path config = dir.resolve("config");
            Files.writeString(
                    config,
                    "[DEFAULT]\nuser=ocid1.user.oc1..test\nfingerprint=" + fingerprint
                            + "\ntenancy=ocid1.tenancy.oc1..test\nregion=us-ashburn-1\nkey_file="
                            + dir.resolve("api_key.pem")
                            + "\n");
            // deleteOnExit runs last-registered first: the files go before their folder (registered in tempDir())
            for (String name : new String[] {"api_key.pem", "api_key_public.pem", "config"}) {
                dir.resolve(name).toFile().deleteOnExit();
            }
            return config;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
