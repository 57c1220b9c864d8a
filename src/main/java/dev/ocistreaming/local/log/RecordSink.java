package dev.ocistreaming.local.log;

import java.nio.ByteBuffer;

/** Takes the records a read decodes, one at a time. */
interface RecordSink {

    /** Offers one record (its key null when it has none); false when no more are wanted, this one included. */
    boolean offer(long offset, long timestamp, ByteBuffer key, ByteBuffer value);
}
