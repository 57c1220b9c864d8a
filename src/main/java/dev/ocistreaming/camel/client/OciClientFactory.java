package dev.ocistreaming.camel.client;

import com.oracle.bmc.ClientConfiguration;
import com.oracle.bmc.auth.BasicAuthenticationDetailsProvider;
import com.oracle.bmc.retrier.RetryConfiguration;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.util.CircuitBreakerUtils;
import com.oracle.bmc.waiter.ExponentialBackoffDelayStrategyWithJitter;
import com.oracle.bmc.waiter.MaxAttemptsTerminationStrategy;
import dev.ocistreaming.camel.OciStreamingConfiguration;

/** Builds SDK clients from the options: timeouts, SDK retries, and never the SDK's circuit breaker. */
public final class OciClientFactory {

    /** Longest pause between SDK retries: short, because the component's own loops retry too. */
    private static final long MAX_SDK_RETRY_DELAY_MS = 2_000;

    private OciClientFactory() {}

    /**
     * Always a configuration, never none: without one the SDK turns on a circuit breaker that rejects calls locally
     * for 30 s after a burst of failures (80 % of at least 10 calls failing), which would hide a recovered server from the consumer.
     */
    public static ClientConfiguration clientConfiguration(OciStreamingConfiguration c) {
        RetryConfiguration retry = c.getSdkMaxAttempts() <= 1
                ? RetryConfiguration.NO_RETRY_CONFIGURATION
                : RetryConfiguration.builder()
                        .terminationStrategy(new MaxAttemptsTerminationStrategy(c.getSdkMaxAttempts()))
                        .delayStrategy(new ExponentialBackoffDelayStrategyWithJitter(MAX_SDK_RETRY_DELAY_MS))
                        .build();
        return ClientConfiguration.builder()
                .connectionTimeoutMillis(Math.toIntExact(c.getConnectTimeoutMs()))
                .readTimeoutMillis(Math.toIntExact(c.getReadTimeoutMs()))
                .retryConfiguration(retry)
                .circuitBreakerConfiguration(CircuitBreakerUtils.getNoCircuitBreakerConfiguration())
                .build();
    }

    public static StreamClient streamClient(
            OciStreamingConfiguration c, BasicAuthenticationDetailsProvider auth, String messagesEndpoint) {
        return StreamClient.builder()
                .endpoint(messagesEndpoint)
                .configuration(clientConfiguration(c))
                .build(auth);
    }

    /** The admin client: adminEndpoint, else the region's endpoint, else endpoint (the local server serves both). */
    public static StreamAdminClient adminClient(OciStreamingConfiguration c, BasicAuthenticationDetailsProvider auth) {
        StreamAdminClient.Builder builder = StreamAdminClient.builder().configuration(clientConfiguration(c));
        if (c.getAdminEndpoint() != null) {
            builder.endpoint(c.getAdminEndpoint());
        } else if (c.getRegion() != null) {
            builder.region(c.getRegion());
        } else if (c.getEndpoint() != null) {
            builder.endpoint(c.getEndpoint());
        } else {
            throw new IllegalArgumentException(
                    "No admin endpoint for stream '" + c.getStream() + "': set" + " adminEndpoint, region or endpoint");
        }
        return builder.build(auth);
    }
}
