package dev.ocistreaming.local.kafka;

/** The service's limits as the Kafka face applies them (the same as the REST face's). */
final class KafkaLimits {

    /** Key plus value of one record, as for a REST message. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** Keys plus values of one produce request, as for a PutMessages request. */
    static final int MAX_PRODUCE_BYTES = 1024 * 1024;
    /**
     * A frame may carry a full 1 MiB produce plus the protocol's own overhead (headers, batch and
     * record framing). A larger frame is refused, and the connection closed, before it is read.
     */
    static final int MAX_FRAME_BYTES = MAX_PRODUCE_BYTES + 128 * 1024;
    /** Requests one connection may have queued before the server stops reading from it. */
    static final int MAX_QUEUED_REQUESTS = 16;

    private KafkaLimits() {}
}
