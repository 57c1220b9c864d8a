package dev.ocistreaming.camel;

import dev.ocistreaming.camel.consumer.InstanceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * Dev console {@code oci-streaming}: per producer its counts and last error; per consumer instance its group, partitions it recently read, last offset, last
 * commit and heartbeat. Partitions are the ones seen in messages within twice the group timeout: the service does not
 * tell an instance what it holds, and asking (GetGroup) would cost a call per look. Lag is not shown: the service
 * has no cheap way to learn a partition's end offset.
 */
@DevConsole(name = "oci-streaming", displayName = "OCI Streaming", description = "OCI Streaming consumers")
public class OciStreamingDevConsole extends AbstractDevConsole {

    public OciStreamingDevConsole() {
        super("camel", "oci-streaming", "OCI Streaming", "OCI Streaming consumers");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (OciStreamingConsumer consumer : consumers()) {
            OciStreamingConfiguration c = consumer.getEndpoint().getConfiguration();
            sb.append(String.format(
                    "Route: %s  stream: %s  %s%n",
                    consumer.getRouteId(),
                    consumer.getEndpoint().streamLabel(),
                    c.groupMode() ? "group: " + c.getGroupName() : "partition: " + c.getPartition()));
            for (InstanceState s : consumer.instanceStates()) {
                sb.append(String.format(
                        "    instance: %s  state: %s  partitions: %s  last: %s@%s  received: %d"
                                + "  commits: %d  last commit: %s  last heartbeat: %s%s%s%n",
                        s.instanceName(),
                        s.phase(),
                        s.recentPartitions(2L * c.getGroupTimeoutMs()),
                        s.lastPartition(),
                        s.lastOffset(),
                        s.received(),
                        s.commits(),
                        ago(s.lastCommitMillis()),
                        ago(s.lastHeartbeatMillis()),
                        c.commitMode() == CommitMode.MANUAL ? "  uncommitted: " + s.uncommittedMessages() : "",
                        s.lastError() != null ? "  error: " + s.lastError() : ""));
            }
        }
        for (OciStreamingProducer p : producers()) {
            sb.append(String.format(
                    "Producer: stream: %s  sent: %d  failed: %d  requests: %d  retries: %d" + "  queued: %d%s%n",
                    p.getEndpoint().streamLabel(),
                    p.getMessagesSent(),
                    p.getMessagesFailed(),
                    p.getRequests(),
                    p.getRetries(),
                    p.getQueued(),
                    p.stats().downReason() != null ? "  error: " + p.stats().downReason() : ""));
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        List<JsonObject> list = new ArrayList<>();
        for (OciStreamingConsumer consumer : consumers()) {
            OciStreamingConfiguration c = consumer.getEndpoint().getConfiguration();
            JsonObject jc = new JsonObject();
            jc.put("routeId", consumer.getRouteId());
            jc.put("stream", consumer.getEndpoint().streamLabel());
            jc.put("groupName", c.getGroupName());
            jc.put("partition", c.getPartition());
            jc.put("commitMode", c.getCommitMode());
            List<JsonObject> instances = new ArrayList<>();
            for (InstanceState s : consumer.instanceStates()) {
                JsonObject ji = new JsonObject();
                ji.put("instanceName", s.instanceName());
                ji.put("state", s.phase().name());
                ji.put("partitions", new ArrayList<>(s.recentPartitions(2L * c.getGroupTimeoutMs())));
                ji.put("lastPartition", s.lastPartition());
                ji.put("lastOffset", s.lastOffset());
                ji.put("received", s.received());
                ji.put("commits", s.commits());
                ji.put("uncommittedMessages", s.uncommittedMessages());
                ji.put("committedOffsets", new JsonObject(new java.util.TreeMap<String, Object>(s.committedOffsets())));
                ji.put("lastCommit", s.lastCommitMillis());
                ji.put("lastHeartbeat", s.lastHeartbeatMillis());
                ji.put("lastPoll", s.lastPollMillis());
                ji.put("reservationsLost", s.reservationsLost());
                ji.put("failedExchanges", s.failedExchanges());
                ji.put("lastError", s.lastError());
                instances.add(ji);
            }
            jc.put("instances", instances);
            list.add(jc);
        }
        root.put("consumers", list);
        List<JsonObject> producers = new ArrayList<>();
        for (OciStreamingProducer p : producers()) {
            JsonObject jp = new JsonObject();
            jp.put("stream", p.getEndpoint().streamLabel());
            jp.put("messagesSent", p.getMessagesSent());
            jp.put("messagesFailed", p.getMessagesFailed());
            jp.put("requests", p.getRequests());
            jp.put("retries", p.getRetries());
            jp.put("queued", p.getQueued());
            jp.put("lastError", p.stats().downReason());
            producers.add(jp);
        }
        root.put("producers", producers);
        return root;
    }

    private List<OciStreamingConsumer> consumers() {
        List<OciStreamingConsumer> found = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            Consumer consumer = route.getConsumer();
            if (consumer instanceof OciStreamingConsumer oci) {
                found.add(oci);
            }
        }
        return found;
    }

    private List<OciStreamingProducer> producers() {
        List<OciStreamingProducer> found = new ArrayList<>();
        for (org.apache.camel.Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (endpoint instanceof OciStreamingEndpoint oci) {
                found.addAll(oci.producers());
            }
        }
        return found;
    }

    private static String ago(long millis) {
        return millis == 0 ? "never" : (System.currentTimeMillis() - millis) + " ms ago";
    }
}
