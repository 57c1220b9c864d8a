package dev.ocistreaming.local.kafka;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the Kafka port: the server's key and certificate (made and kept in the data directory, or the user's key
 * store), the Netty handler that each connection starts with, and the log lines of handshakes that fail. Kafka's
 * {@code SASL_SSL} is SASL inside this TLS, so everything after the handler is the same as on a plain port.
 */
final class KafkaTls {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTls.class);

    /** A connection that has not finished its handshake by then is closed (Netty's default, stated). */
    static final long HANDSHAKE_TIMEOUT_MS = 10_000;

    /** Failed handshakes are told at INFO at most this often; a misconfigured client retries every second or so. */
    private static final long INFO_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SslContext context;
    private final Path trustStore;
    private final Path pem;
    private final String described;
    private final AtomicLong nextInfo = new AtomicLong(System.nanoTime());
    private final HandshakeLog handshakeLog = new HandshakeLog();

    private KafkaTls(SslContext context, Path trustStore, Path pem, String described) {
        this.context = context;
        this.trustStore = trustStore;
        this.pem = pem;
        this.described = described;
    }

    /**
     * Loads the key store named in {@code settings}, or the server's own certificate from {@code dataDir} (made on
     * first start).
     *
     * @param names the host names and addresses clients connect to; the generated certificate names them all
     */
    static KafkaTls create(KafkaTlsSettings settings, Path dataDir, List<String> names, Instant now)
            throws IOException {
        if (settings.keystore() != null) {
            Path file = settings.keystore().toAbsolutePath();
            KeyAndChain own = readOwnKeyStore(file, settings.keystorePassword());
            String stale = KafkaTlsFiles.whyReplace(own.chain()[0], names, now);
            if (stale != null) {
                LOG.warn(
                        "The certificate in local-server.kafka.tls-keystore {} {}: clients that check host names may"
                                + " refuse it",
                        file,
                        stale);
            }
            return new KafkaTls(context(own.key(), own.chain()), null, null, "key store " + file);
        }
        KafkaTlsFiles.Loaded loaded = KafkaTlsFiles.loadOrCreate(dataDir, names, now);
        Path trustStore = loaded.trustStore().toAbsolutePath();
        Path pem = loaded.pem().toAbsolutePath();
        return new KafkaTls(
                context(loaded.key(), loaded.certificate()),
                trustStore,
                pem,
                "truststore " + trustStore + " password " + KafkaTlsSettings.TRUST_STORE_PASSWORD + ", PEM " + pem
                        + ", SHA-256 " + loaded.fingerprint());
    }

    private record KeyAndChain(PrivateKey key, X509Certificate[] chain) {}

    private static KeyAndChain readOwnKeyStore(Path file, String password) throws IOException {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        String problem;
        try {
            // the JDK tells PKCS12 from JKS by the file's content
            KeyStore store = KeyStore.getInstance(file.toFile(), secret);
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            Certificate[] chain = keys.size() == 1 ? store.getCertificateChain(keys.get(0)) : null;
            if (chain != null && chain.length > 0 && store.getKey(keys.get(0), secret) instanceof PrivateKey key) {
                X509Certificate[] x509 = new X509Certificate[chain.length];
                for (int i = 0; i < chain.length; i++) {
                    x509[i] = (X509Certificate) chain[i];
                }
                return new KeyAndChain(key, x509);
            }
            problem = keys.isEmpty()
                    ? "it holds no private key"
                    : keys.size() > 1
                            ? "it holds several private keys (" + String.join(", ", keys) + "); keep one"
                            : "its key '" + keys.get(0) + "' has no certificate chain";
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problem = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        throw new IOException("local-server.kafka.tls-keystore " + file + ": " + problem
                + " (a PKCS12 key store with one private key and its certificate chain; the password is"
                + " local-server.kafka.tls-keystore-password)");
    }

    private static SslContext context(PrivateKey key, X509Certificate... chain) throws IOException {
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    // clients prove who they are with SASL inside TLS, as on the service; no client certificates
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (SSLException e) {
            throw new IOException("Cannot set up TLS on the Kafka port: " + e.getMessage(), e);
        }
    }

    /** The handlers a new connection starts with: TLS, then the log of a failed handshake. */
    void addTo(SocketChannel channel) {
        SslHandler ssl = context.newHandler(channel.alloc());
        ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        channel.pipeline().addLast(ssl).addLast(handshakeLog);
    }

    /** The generated truststore, or null when the user brought the key store. */
    Path trustStore() {
        return trustStore;
    }

    /** The generated certificate as PEM, or null when the user brought the key store. */
    Path pem() {
        return pem;
    }

    /** For the start line: where clients find what to trust. */
    String describe() {
        return described;
    }

    /**
     * Says why a handshake failed, in terms of the client's configuration. The connection is closed by the TLS
     * handler (or, for bytes that are not TLS, by the connection's error handling).
     */
    @ChannelHandler.Sharable
    private final class HandshakeLog extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
                Throwable cause = done.cause();
                String why;
                if (cause instanceof NotSslRecordException) {
                    why = "it is not TLS: the client needs security.protocol=SSL or SASL_SSL (it has PLAINTEXT or"
                            + " SASL_PLAINTEXT)";
                } else if (cause instanceof SslHandshakeTimeoutException) {
                    why = "no TLS handshake within " + HANDSHAKE_TIMEOUT_MS + " ms";
                } else if (!ctx.channel().isActive()) {
                    // the client went away mid-handshake (a port check, a client giving up): nothing to tell anyone
                    LOG.debug(
                            "Kafka connection from {} closed during the TLS handshake",
                            ctx.channel().remoteAddress());
                    super.userEventTriggered(ctx, event);
                    return;
                } else {
                    why = "TLS handshake failed (" + cause.getMessage() + ")"
                            + (trustStore == null
                                    ? ""
                                    : "; a client that does not trust the certificate needs"
                                            + " ssl.truststore.location=" + trustStore + " or the PEM " + pem);
                }
                log("Closing the Kafka connection from {}: {}", ctx.channel().remoteAddress(), why);
            }
            super.userEventTriggered(ctx, event);
        }
    }

    private void log(String format, Object remote, String why) {
        long now = System.nanoTime();
        long next = nextInfo.get();
        if (now - next >= 0 && nextInfo.compareAndSet(next, now + INFO_EVERY_NANOS)) {
            LOG.info(format, remote, why);
        } else {
            LOG.debug(format, remote, why);
        }
    }
}
