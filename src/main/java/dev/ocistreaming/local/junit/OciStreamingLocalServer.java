package dev.ocistreaming.local.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an OCI-Streaming-compatible server started in-process, on a free loopback port: no
 * Docker, no cloud account.
 *
 * <pre>
 * &#64;OciStreamingLocalServer(streams = {"orders", "audit:3"})
 * class OrderRouteTest { ... }
 * </pre>
 *
 * While the server runs, the JVM system properties {@value OciStreamingLocalServerExtension#ENDPOINT_PROPERTY} and
 * {@value OciStreamingLocalServerExtension#COMPARTMENT_PROPERTY} point the component at it, so a camel-main or Spring
 * Boot application started by the test uses it without any change; their earlier values come back afterwards. A test
 * or lifecycle method can also take the {@link dev.ocistreaming.local.LocalStreamingServer} as a parameter (its
 * {@code url()} is the endpoint) to configure a context by hand.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OciStreamingLocalServerExtension.class)
public @interface OciStreamingLocalServer {

    /**
     * Streams that exist when the server starts: {@code "name"} (one partition) or {@code "name:partitions"}. Routes
     * can also create streams themselves ({@code createStreamIfMissing=true}).
     */
    String[] streams() default {};

    /** One server for the whole class (default), or a new one for each test. */
    Scope scope() default Scope.CLASS;

    /**
     * With {@link Scope#TEST}: whether each test's server starts on the data the previous test left (messages, streams,
     * committed group offsets), as a restarted server would; by default every server starts empty.
     */
    boolean keepData() default false;

    /**
     * Whether the server also speaks Kafka, on a free loopback port ({@code server.kafkaBootstrapServers()}); off by
     * default, so a test of the component needs no Kafka library. On, it needs {@code kafka-clients} on the test
     * classpath.
     */
    boolean kafka() default false;

    /**
     * Whether the Kafka face serves TLS (turns {@link #kafka()} on): a certificate made for the server and its
     * truststore at {@code server.kafkaTrustStore()} (PKCS12, password {@code local-server}), so the test's clients use
     * {@code SSL} or {@code SASL_SSL} as against OCI, differing only in bootstrap servers and truststore. Needs
     * BouncyCastle's {@code bcpkix-jdk18on} on the test classpath (it makes the certificate).
     */
    boolean kafkaTls() default false;

    /** How long one server lives. */
    enum Scope {
        /** Started before the first test of the class, stopped after the last. */
        CLASS,
        /** Started before each test, stopped after it. */
        TEST
    }
}
