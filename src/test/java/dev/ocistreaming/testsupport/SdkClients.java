package dev.ocistreaming.testsupport;

import com.oracle.bmc.ClientConfiguration;
import com.oracle.bmc.retrier.RetryConfiguration;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.util.CircuitBreakerUtils;
import dev.ocistreaming.camel.client.ThrowawayAuthentication;

/**
 * Unmodified OCI SDK clients pointed at a local server URL, for tests.
 *
 * <p>Retries and the circuit breaker are off so a test sees exactly what the server answered.
 */
public final class SdkClients {

    /** A compartment OCID tests use when they create or list streams. */
    public static final String COMPARTMENT = "ocid1.compartment.oc1..test";

    private static final ClientConfiguration NO_RETRY = ClientConfiguration.builder()
            .retryConfiguration(RetryConfiguration.NO_RETRY_CONFIGURATION)
            .circuitBreakerConfiguration(CircuitBreakerUtils.getNoCircuitBreakerConfiguration())
            .build();

    private SdkClients() {}

    public static StreamClient streamClient(String url) {
        return StreamClient.builder().endpoint(url).configuration(NO_RETRY).build(ThrowawayAuthentication.provider());
    }

    public static StreamAdminClient adminClient(String url) {
        return StreamAdminClient.builder()
                .endpoint(url)
                .configuration(NO_RETRY)
                .build(ThrowawayAuthentication.provider());
    }
}
