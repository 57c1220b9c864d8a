package dev.ocistreaming.camel;

import org.apache.camel.spi.Metadata;

/** Header names of the {@code oci-streaming} component. */
public final class OciStreamingConstants {

    @Metadata(
            label = "common",
            description = "The message key as UTF-8 text. On the producer it overrides the key"
                    + " option; messages with the same key go to the same partition.",
            javaType = "String")
    public static final String KEY = "CamelOciStreamingKey";

    @Metadata(
            label = "common",
            description = "The partition the message was read from or written to, as the"
                    + " service names it (for example 0).",
            javaType = "String")
    public static final String PARTITION = "CamelOciStreamingPartition";

    @Metadata(label = "common", description = "The offset of the message in its partition.", javaType = "Long")
    public static final String OFFSET = "CamelOciStreamingOffset";

    @Metadata(
            label = "common",
            description = "When the service appended the message, in epoch milliseconds"
                    + " (CamelMessageTimestamp carries the same value).",
            javaType = "Long")
    public static final String TIMESTAMP = "CamelOciStreamingTimestamp";

    @Metadata(label = "common", description = "The OCID of the stream.", javaType = "String")
    public static final String STREAM_ID = "CamelOciStreamingStreamId";

    @Metadata(label = "common", description = "The name of the stream.", javaType = "String")
    public static final String STREAM_NAME = "CamelOciStreamingStreamName";

    @Metadata(label = "consumer", description = "The consumer group the message was read with.", javaType = "String")
    public static final String GROUP_NAME = "CamelOciStreamingGroupName";

    @Metadata(label = "consumer", description = "The group instance that read the message.", javaType = "String")
    public static final String INSTANCE_NAME = "CamelOciStreamingInstanceName";

    @Metadata(
            label = "consumer",
            description = "In commitMode=MANUAL: its commit() acknowledges this message and"
                    + " the earlier ones of its partition (a watermark); the component commits each batch once it and the"
                    + " batches before it are wholly acknowledged.",
            javaType = "dev.ocistreaming.camel.OciStreamingManualCommit")
    public static final String MANUAL_COMMIT = "CamelOciStreamingManualCommit";

    @Metadata(
            label = "consumer",
            description = "One more than the number of unhandled failures this consumer"
                    + " instance has seen for this partition and offset: 2 or more means the message failed before and came"
                    + " again.",
            javaType = "Integer")
    public static final String DELIVERY_ATTEMPT = "CamelOciStreamingDeliveryAttempt";

    @Metadata(
            label = "producer",
            description = "For an Iterable body: the result of each element, in order"
                    + " (partition, offset, timestamp, or the service's error code and message).",
            javaType = "java.util.List<dev.ocistreaming.camel.producer.PutResult>")
    public static final String RESULTS = "CamelOciStreamingResults";

    @Metadata(
            label = "producer",
            description = "For an Iterable body: how many elements the service refused.",
            javaType = "Integer")
    public static final String FAILED_COUNT = "CamelOciStreamingFailedCount";

    private OciStreamingConstants() {}
}
