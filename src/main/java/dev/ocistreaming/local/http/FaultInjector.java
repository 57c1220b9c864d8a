package dev.ocistreaming.local.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Opt-in chaos: with the configured probability a request is refused with 500 or 503 before it has
 * any effect, so routes can be tested for resilience.
 */
public final class FaultInjector implements HttpFrontend.Filter {

    private final double probability;

    public FaultInjector(double probability) {
        this.probability = probability;
    }

    @Override
    public void check(Request request) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < probability) {
            if (random.nextBoolean()) {
                throw new ApiException(500, "InternalServerError", "Injected fault (local-server.fault-probability)");
            }
            throw new ApiException(503, "ServiceUnavailable", "Injected fault (local-server.fault-probability)");
        }
    }
}
