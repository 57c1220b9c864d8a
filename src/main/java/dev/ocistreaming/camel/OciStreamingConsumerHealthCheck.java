package dev.ocistreaming.camel;

import dev.ocistreaming.camel.consumer.InstanceState;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN while any instance cannot talk to the service (with the service's or the network's reason) or gave up; UP
 * again once its next call succeeds. Reads the loops' state: a check costs no call to the service.
 */
public class OciStreamingConsumerHealthCheck extends AbstractHealthCheck {

    private final OciStreamingConsumer consumer;

    public OciStreamingConsumerHealthCheck(OciStreamingConsumer consumer, String routeId) {
        super("camel", "consumer:oci-streaming-" + routeId);
        this.consumer = consumer;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        OciStreamingConfiguration c = consumer.getEndpoint().getConfiguration();
        builder.detail("stream", consumer.getEndpoint().streamLabel());
        builder.detail("route.id", consumer.getRouteId());
        if (c.groupMode()) {
            builder.detail("group", c.getGroupName());
        } else {
            builder.detail("partition", c.getPartition());
        }
        String problem = null;
        for (InstanceState s : consumer.instanceStates()) {
            if (s.gaveUp() || s.lastError() != null) {
                problem = (problem == null ? "" : problem + "; ") + s.instanceName() + ": " + s.lastError()
                        + (s.gaveUp() ? " (stopped)" : " (" + s.consecutiveFailures() + " failed attempt(s))");
            }
        }
        builder.detail("instances", consumer.getInstanceNames());
        if (problem == null) {
            builder.up();
        } else {
            builder.message(
                    "OCI Streaming consumer of stream " + consumer.getEndpoint().streamLabel() + ": " + problem);
            builder.down();
        }
    }
}
