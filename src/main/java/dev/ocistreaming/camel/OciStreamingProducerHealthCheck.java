package dev.ocistreaming.camel;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN while the last PutMessages got no answer or was refused for authentication; UP again after the next request
 * the service accepts. It makes no call of its own: a probe would cost a request per check.
 */
public class OciStreamingProducerHealthCheck extends AbstractHealthCheck {

    private final OciStreamingProducer producer;

    public OciStreamingProducerHealthCheck(OciStreamingProducer producer, String endpointId) {
        super("camel", "producer:oci-streaming-" + endpointId);
        this.producer = producer;
    }

    @Override
    public boolean isLiveness() {
        return false; // a dead endpoint is not a reason to restart this process
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        OciStreamingEndpoint endpoint = producer.getEndpoint();
        builder.detail("stream", endpoint.streamLabel());
        builder.detail("endpoint", String.valueOf(endpoint.getServiceUrl()));
        builder.detail("messages.sent", producer.getMessagesSent());
        builder.detail("messages.failed", producer.getMessagesFailed());
        String reason = producer.stats().downReason();
        if (reason == null) {
            builder.up();
        } else {
            builder.message("OCI Streaming producer for stream " + endpoint.streamLabel() + ": " + reason);
            builder.down();
        }
    }
}
