package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.local.kafka.KafkaSettings;
import dev.ocistreaming.local.kafka.KafkaTlsSettings;
import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.PublicKeys;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the Kafka port ({@code local-server.kafka.tls=true}) with the unmodified Java clients and kcat: the
 * configuration a production client uses against OCI Streaming works with only {@code bootstrap.servers} and the
 * truststore changed; the generated certificate survives restarts; clients that cannot speak TLS to it, or do not
 * trust it, fail in bounded time with an error that says so; garbage on the port disturbs no one else.
 */
class KafkaTlsIT {

    private static final int SOCKET_TIMEOUT_MS = 20_000;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT)
            .kafka(KafkaSettings.defaults().withTls(true)));

    @TempDir
    Path tmp;

    private String bootstrap() {
        return server.server().kafkaBootstrapServers();
    }

    private Path trustStore() {
        return server.server().kafkaTrustStore();
    }

    /**
     * What a client of OCI Streaming is configured with (the Oracle documentation's "Using Kafka APIs"), against a
     * given bootstrap address and truststore: the only two things that differ for the local server.
     */
    private static Map<String, Object> production(String streamPoolId, Path trustStore) {
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "PLAIN");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"tenancy/jdoe@example.com/"
                        + streamPoolId + "\" password=\"auth-token\";");
        p.put("enable.idempotence", false);
        p.put("retries", 5);
        p.put("max.partition.fetch.bytes", 1048576);
        if (trustStore != null) {
            p.put("ssl.truststore.location", trustStore.toString());
            p.put("ssl.truststore.password", KafkaTlsSettings.TRUST_STORE_PASSWORD);
        }
        return p;
    }

    @Test
    void aProductionSaslSslClientWorksWithOnlyTheBootstrapAndTheTrustStoreChanged() throws Exception {
        Stream stream = server.createStream("tls-orders", 2);
        Map<String, Object> config = production(stream.getStreamPoolId(), trustStore());
        assertThat(config).doesNotContainKeys("ssl.truststore.type", "ssl.endpoint.identification.algorithm");

        // REST put -> Kafka read over TLS
        Sdk.put(server.streamClient(), stream.getId(), List.of(Sdk.entry("k-rest", "from-rest")));
        List<ConsumerRecord<String, String>> read = readAll("tls-orders", 2, 1, config);
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("from-rest");
        assertThat(read.get(0).key()).isEqualTo("k-rest");

        // Kafka produce over TLS -> REST read
        RecordMetadata acked;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), config)) {
            acked = producer.send(new ProducerRecord<>("tls-orders", 1, "k-kafka", "from-kafka"))
                    .get(30, TimeUnit.SECONDS);
        }
        List<Message> rest = Sdk.readAll(server.streamClient(), stream.getId(), 1);
        assertThat(rest).extracting(Sdk::text).containsExactly("from-kafka");
        assertThat(rest.get(0).getOffset()).isEqualTo(acked.offset());

        // the admin client over TLS
        try (Admin admin = KafkaClients.admin(bootstrap(), config)) {
            admin.createTopics(List.of(new NewTopic("tls-made", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("tls-orders", "tls-made");
        }
    }

    @Test
    void anSslClientWithoutSaslWorksToo() throws Exception {
        server.createStream("tls-plain-auth", 1);
        Map<String, Object> ssl = Map.of(
                "security.protocol",
                "SSL",
                "ssl.truststore.location",
                trustStore().toString(),
                "ssl.truststore.password",
                KafkaTlsSettings.TRUST_STORE_PASSWORD);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), ssl)) {
            producer.send(new ProducerRecord<>("tls-plain-auth", "k", "v")).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll("tls-plain-auth", 1, 1, ssl))
                .extracting(ConsumerRecord::value)
                .containsExactly("v");
        // Java's PEM truststore type reads the PEM beside the truststore, without a password
        Map<String, Object> pem = Map.of(
                "security.protocol", "SSL",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location",
                        trustStore().resolveSibling("certificate.pem").toString());
        assertThat(readAll("tls-plain-auth", 1, 1, pem))
                .extracting(ConsumerRecord::value)
                .containsExactly("v");
    }

    @Test
    void theCertificateSurvivesARestartAndClientsConfiguredBeforeKeepWorking() throws Exception {
        Stream stream = server.createStream("tls-restart", 1);
        Map<String, Object> config = production(stream.getStreamPoolId(), trustStore());
        String before = presentedFingerprint(server.server().kafkaPort(), trustStore());
        byte[] trustStoreBytes = Files.readAllBytes(trustStore());
        List<String> lines = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), config);
                Capture ignored = new Capture(lines, LocalStreamingServer.class)) {
            producer.send(new ProducerRecord<>("tls-restart", "k", "before")).get(30, TimeUnit.SECONDS);

            server.restart();

            assertThat(presentedFingerprint(server.server().kafkaPort(), trustStore()))
                    .isEqualTo(before);
            assertThat(Files.readAllBytes(trustStore())).isEqualTo(trustStoreBytes);
            // the same producer, configured before the restart, reconnects and trusts the server again
            producer.send(new ProducerRecord<>("tls-restart", "k", "after")).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll("tls-restart", 1, 2, config))
                .extracting(ConsumerRecord::value)
                .containsExactly("before", "after");
        // the start line tells clients what to trust: the truststore, its password, and the PEM
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains("Kafka bootstrap " + bootstrap() + " over TLS (truststore " + trustStore()
                                + " password " + KafkaTlsSettings.TRUST_STORE_PASSWORD + ", PEM "
                                + trustStore().resolveSibling("certificate.pem") + ", SHA-256 " + before + ")"));
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsWithAnSslHandshakeError() throws Exception {
        Stream stream = server.createStream("tls-untrusted", 1);
        // the production configuration as is: the JDK's default trust (public CAs) does not know this certificate
        Map<String, Object> untrusted = new HashMap<>(production(stream.getStreamPoolId(), null));
        untrusted.put("default.api.timeout.ms", 25_000);
        try (Admin admin = KafkaClients.admin(bootstrap(), untrusted)) {
            // an SslAuthenticationException, not a TimeoutException: the failed handshake is final, not retried
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                    .cause()
                    .hasMessageContaining("SSL handshake failed");
        }
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), untrusted)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("tls-untrusted", "v"))
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
        // a handshake straight from the JDK, to check what the client is told
        try (SSLSocket s =
                (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.server().kafkaPort()), SOCKET_TIMEOUT_MS);
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            assertThatThrownBy(s::startHandshake)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
        }
    }

    @Test
    void plaintextClientsAreClosedAtOnceAndTimeOutSayingTheBrokerIsUnreachable() throws Exception {
        server.createStream("tls-only", 1);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Capture ignored = new Capture(lines, Class.forName("dev.ocistreaming.local.kafka.KafkaTls"))) {
            // the server answers a plaintext request by closing the connection, without waiting for anything
            try (Socket s = connect()) {
                RawKafka.write(s, RawKafka.frame(new ApiVersionsRequest.Builder().build((short) 3), "raw", 1));
                assertThat(readsEndOfStream(s)).isTrue();
            }
            // the Java client then reconnects until its timeout: a bounded failure, not a hang
            Map<String, Object> quick = Map.of("default.api.timeout.ms", 4000, "request.timeout.ms", 3000);
            for (String protocol : List.of("PLAINTEXT", "SASL_PLAINTEXT")) {
                Map<String, Object> plain = new HashMap<>(quick);
                plain.put("security.protocol", protocol);
                if (protocol.startsWith("SASL")) {
                    plain.put("sasl.mechanism", "PLAIN");
                    plain.put(
                            "sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"t/u/p\""
                                    + " password=\"x\";");
                }
                try (Admin admin = KafkaClients.admin(bootstrap(), plain)) {
                    assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                            .as(protocol)
                            .isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(TimeoutException.class);
                }
            }
        }
        // and the server's log says what the client got wrong
        assertThat(lines)
                .anySatisfy(l ->
                        assertThat(l).contains("it is not TLS: the client needs security.protocol=SSL or SASL_SSL"));
    }

    @Test
    void garbageOnTheTlsPortIsClosedInBoundedTimeAndDisturbsNoOtherConnection() throws Exception {
        Stream stream = server.createStream("tls-busy", 1);
        Map<String, Object> config = production(stream.getStreamPoolId(), trustStore());
        Random random = new Random(42);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), config)) {
            producer.send(new ProducerRecord<>("tls-busy", "k", "0")).get(30, TimeUnit.SECONDS);
            byte[] junk = new byte[4096];
            random.nextBytes(junk);
            junk[0] = 0x42; // no TLS record type
            byte[] fakeHello = new byte[5 + 300];
            random.nextBytes(fakeHello);
            // a handshake record header, then 300 bytes that are no ClientHello
            System.arraycopy(new byte[] {0x16, 0x03, 0x01, 0x01, 0x2c}, 0, fakeHello, 0, 5);
            byte[] huge = {0x16, 0x03, 0x03, (byte) 0xff, (byte) 0xff}; // a record longer than TLS allows
            byte[] stalled = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}; // a ClientHello that never comes
            List<Socket> sockets = new ArrayList<>();
            try {
                for (byte[] bytes : List.of(junk, fakeHello, huge, stalled)) {
                    Socket s = connect();
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                    sockets.add(s);
                }
                // meanwhile the TLS connection of the producer keeps working
                for (int i = 1; i <= 5; i++) {
                    producer.send(new ProducerRecord<>("tls-busy", "k", Integer.toString(i)))
                            .get(30, TimeUnit.SECONDS);
                }
                // each bad connection is closed; the stalled one after the handshake timeout (10 s)
                for (Socket s : sockets) {
                    assertThat(readsEndOfStream(s)).isTrue();
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            producer.send(new ProducerRecord<>("tls-busy", "k", "6")).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll("tls-busy", 1, 7, config))
                .extracting(ConsumerRecord::value)
                .containsExactly("0", "1", "2", "3", "4", "5", "6");
    }

    @Test
    void withSignaturesVerifiedSaslAndAnAuthTokenAreStillRequiredOverTls() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        PublicKeys.newPemFile(keys.resolve("key.pem"));
        try (LocalStreamingServer secured = LocalStreamingServer.start(
                ServerConfig.builder().port(0).dataDir(tmp.resolve("data")).verifySignatures(true).apiKey(keys).stream(
                                "secret", 1, 24)
                        .kafka(KafkaSettings.defaults()
                                .withPort(0)
                                .withTls(true)
                                .withAuthTokens(List.of("token-1")))
                        .build())) {
            String bootstrap = secured.kafkaBootstrapServers();
            Path trust = secured.kafkaTrustStore();
            Map<String, Object> good = production("ocid1.streampool.oc1..x", trust);
            good.put("sasl.jaas.config", jaas("token-1"));
            try (Admin admin = KafkaClients.admin(bootstrap, good)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsExactly("secret");
            }
            Map<String, Object> wrong = production("ocid1.streampool.oc1..x", trust);
            wrong.put("sasl.jaas.config", jaas("guess"));
            try (Admin admin = KafkaClients.admin(bootstrap, wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("auth token");
            }
            // TLS without SASL is not enough when signatures are verified
            Map<String, Object> sslOnly = new HashMap<>(Map.of(
                    "security.protocol",
                    "SSL",
                    "ssl.truststore.location",
                    trust.toString(),
                    "ssl.truststore.password",
                    KafkaTlsSettings.TRUST_STORE_PASSWORD,
                    "default.api.timeout.ms",
                    3000,
                    "request.timeout.ms",
                    2000));
            try (Admin admin = KafkaClients.admin(bootstrap, sslOnly)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(TimeoutException.class);
            }
        }
    }

    @Test
    void aKeyStoreOfYourOwnIsServed() throws Exception {
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow())
                .resolveSibling("keytool")
                .toString();
        Path own = tmp.resolve("own.p12");
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "mine",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=mine.localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "30",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        own.toString(),
                        "-storepass",
                        "own-secret")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        KeyStore ks = KeyStore.getInstance(own.toFile(), "own-secret".toCharArray());
        Path trust = tmp.resolve("own-trust.p12");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("mine", ks.getCertificate("mine"));
        try (OutputStream out = Files.newOutputStream(trust)) {
            ts.store(out, "trust-pw".toCharArray());
        }
        ServerConfig.Builder b = ServerConfig.builder()
                .port(0)
                .dataDir(tmp.resolve("own-data"))
                .kafka(KafkaSettings.defaults().withPort(0).withTls(new KafkaTlsSettings(true, own, "own-secret")));
        try (LocalStreamingServer s = LocalStreamingServer.start(b.build())) {
            assertThat(s.kafkaTrustStore()).isNull();
            assertThat(tmp.resolve("own-data/kafka-tls")).doesNotExist();
            assertThat(presentedFingerprint(s.kafkaPort(), trust))
                    .isEqualTo(fingerprint((X509Certificate) ks.getCertificate("mine")));
            Map<String, Object> ssl = Map.of(
                    "security.protocol", "SSL",
                    "ssl.truststore.location", trust.toString(),
                    "ssl.truststore.password", "trust-pw");
            try (Admin admin = KafkaClients.admin(s.kafkaBootstrapServers(), ssl)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isEmpty();
            }
        }
        ServerConfig wrongPassword = b.kafka(
                        KafkaSettings.defaults().withPort(0).withTls(new KafkaTlsSettings(true, own, "guess")))
                .build();
        assertThatThrownBy(() -> LocalStreamingServer.start(wrongPassword).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("local-server.kafka.tls-keystore " + own.toAbsolutePath())
                .hasMessageContaining("local-server.kafka.tls-keystore-password");
    }

    @Test
    void kcatProducesAndConsumesOverSaslSslWithThePem() throws Exception {
        String kcat = KcatIT.onPath("kcat");
        assumeTrue(kcat != null, "kcat is not installed (Debian package kcat)");
        Stream stream = server.createStream("tls-kcat", 1);
        Path pem = trustStore().resolveSibling("certificate.pem");
        List<String> tls = List.of(
                "-X", "security.protocol=SASL_SSL",
                "-X", "sasl.mechanisms=PLAIN",
                "-X", "sasl.username=tenancy/jdoe/" + stream.getStreamPoolId(),
                "-X", "sasl.password=auth-token",
                "-X", "ssl.ca.location=" + pem);
        List<String> produce = new ArrayList<>(List.of(kcat, "-b", bootstrap(), "-t", "tls-kcat", "-P", "-K", ":"));
        produce.addAll(tls);
        Process producer = new ProcessBuilder(produce).redirectErrorStream(true).start();
        producer.getOutputStream().write("k1:one\nk2:two\n".getBytes(StandardCharsets.UTF_8));
        producer.getOutputStream().close();
        assertThat(producer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(producer.exitValue())
                .as(new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(Sdk.readAll(server.streamClient(), stream.getId(), 0))
                .extracting(Sdk::text)
                .containsExactly("one", "two");

        List<String> consume = new ArrayList<>(
                List.of(kcat, "-b", bootstrap(), "-t", "tls-kcat", "-C", "-o", "beginning", "-e", "-f", "%k=%s\\n"));
        consume.addAll(tls);
        Process consumer = new ProcessBuilder(consume).start();
        assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(consumer.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.lines().toList()).as(err).containsExactly("k1=one", "k2=two");
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"t/u/p\" password=\""
                + password + "\";";
    }

    /** Every record of the topic from the beginning, waiting up to 30 s for {@code expected} of them. */
    private List<ConsumerRecord<String, String>> readAll(
            String topic, int partitions, int expected, Map<String, Object> config) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        Map<String, Object> extra = new HashMap<>(config);
        extra.put("fetch.max.wait.ms", 100);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap(), null, extra)) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The SHA-256 of the certificate the server presents, read over a handshake that trusts {@code trustStore}. */
    private static String presentedFingerprint(int port, Path trustStore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStore.getInstance(trustStore.toFile(), trustPassword(trustStore)));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            s.startHandshake();
            return fingerprint((X509Certificate) s.getSession().getPeerCertificates()[0]);
        }
    }

    private static char[] trustPassword(Path trustStore) {
        return (trustStore.getFileName().toString().equals("truststore.p12")
                        ? KafkaTlsSettings.TRUST_STORE_PASSWORD
                        : "trust-pw")
                .toCharArray();
    }

    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private Socket connect() throws IOException {
        return RawKafka.connect(server.server().kafkaPort(), SOCKET_TIMEOUT_MS);
    }

    /** True when the server closes the connection (within the socket timeout) without answering. */
    private static boolean readsEndOfStream(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (true) {
                int b = in.read();
                if (b == -1) {
                    return true;
                }
                // a TLS alert may come first; anything else is an answer
                if (b != 0x15) {
                    return false;
                }
                in.readNBytes(6);
            }
        } catch (SocketException e) {
            return true; // reset by the server: closed too
        }
    }

    /** Collects the formatted log lines of some classes while open. */
    private static final class Capture implements AutoCloseable {
        private final List<Logger> loggers = new ArrayList<>();
        private final AbstractAppender appender;

        Capture(List<String> lines, Class<?>... classes) {
            appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    lines.add(event.getMessage().getFormattedMessage());
                }
            };
            appender.start();
            for (Class<?> c : classes) {
                Logger l = (Logger) LogManager.getLogger(c);
                l.addAppender(appender);
                loggers.add(l);
            }
        }

        @Override
        public void close() {
            loggers.forEach(l -> l.removeAppender(appender));
            appender.stop();
        }
    }
}
