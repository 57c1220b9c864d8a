package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails;
import com.oracle.bmc.streaming.requests.CreateCursorRequest;
import dev.ocistreaming.camel.CursorType;
import java.time.Instant;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader of one partition. Nothing is stored by the service: the position lives here, so after a failure or an
 * invalid cursor the session re-creates its cursor at the first message not yet done.
 */
public final class PartitionCursorSession extends SessionSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCursorSession.class);

    private final String partition;
    private final CursorType type;
    private final Long offset;
    private final Instant time;
    /** Where to re-create the cursor, once known; null means "start as configured". */
    private CreateCursorDetails.Type resumeType;

    private Long resumeOffset;

    public PartitionCursorSession(
            StreamClient client, String streamId, String partition, CursorType type, Long offset, Instant time) {
        super(client, streamId);
        this.partition = partition;
        this.type = type;
        this.offset = offset;
        this.time = time;
    }

    @Override
    public void open() {
        CreateCursorDetails.Builder details = CreateCursorDetails.builder().partition(partition);
        if (resumeType != null) {
            details.type(resumeType).offset(resumeOffset);
        } else {
            details.type(sdkType()).offset(offset).time(time == null ? null : Date.from(time));
        }
        LOG.info(
                "Creating a cursor for partition {} at {}",
                partition,
                resumeType != null
                        ? resumeType + " " + resumeOffset
                        : type + (offset != null ? " " + offset : "") + (time != null ? " " + time : ""));
        String created = client.createCursor(CreateCursorRequest.builder()
                        .streamId(streamId)
                        .createCursorDetails(details.build())
                        .build())
                .getCursor()
                .getValue();
        opened(created);
    }

    /** Our names are the service's wire names, so the SDK's own lookup is the one mapping. */
    private CreateCursorDetails.Type sdkType() {
        return CreateCursorDetails.Type.create(type.name());
    }

    /** Nothing to send: remembering where to resume is the whole commit in partition mode. */
    @Override
    public void commit(CommitPoint point) {
        Long last = point.lastOffsets().get(partition);
        if (last != null) {
            synchronized (lock) {
                // Offsets may have gaps, so resume after the last one seen rather than at last + 1.
                resumeType = CreateCursorDetails.Type.AfterOffset;
                resumeOffset = last;
            }
        }
    }

    @Override
    public void rewind(Batch batch, int failedIndex) {
        synchronized (lock) {
            resumeType = CreateCursorDetails.Type.AtOffset;
            resumeOffset = batch.messages().get(failedIndex).getOffset();
        }
        invalidate();
    }

    /** A partition cursor has no reservation to keep. */
    @Override
    public boolean heartbeat() {
        return false;
    }
}
