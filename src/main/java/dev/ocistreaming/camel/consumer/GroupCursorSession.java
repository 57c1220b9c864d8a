package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.requests.ConsumerCommitRequest;
import com.oracle.bmc.streaming.requests.ConsumerHeartbeatRequest;
import com.oracle.bmc.streaming.requests.CreateGroupCursorRequest;
import dev.ocistreaming.camel.InitialPosition;
import java.time.Instant;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group instance: its group cursor, commits, and heartbeats. The service resumes a new cursor after the group's
 * last commit, which is how a failed batch comes again.
 */
public final class GroupCursorSession extends SessionSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCursorSession.class);

    private final String groupName;
    private final String instanceName;
    private final InitialPosition position;
    private final Instant startTime;
    private final int timeoutMs;
    private final boolean commitOnGet;

    public GroupCursorSession(
            StreamClient client,
            String streamId,
            String groupName,
            String instanceName,
            InitialPosition position,
            Instant startTime,
            int timeoutMs,
            boolean commitOnGet) {
        super(client, streamId);
        this.groupName = groupName;
        this.instanceName = instanceName;
        this.position = position;
        this.startTime = startTime;
        this.timeoutMs = timeoutMs;
        this.commitOnGet = commitOnGet;
    }

    @Override
    public void open() {
        LOG.info("Creating a cursor for group {}, instance {}", groupName, instanceName);
        CreateGroupCursorDetails details = CreateGroupCursorDetails.builder()
                .groupName(groupName)
                .instanceName(instanceName)
                .type(type())
                .time(startTime == null ? null : Date.from(startTime))
                .timeoutInMs(timeoutMs)
                .commitOnGet(commitOnGet)
                .build();
        String created = client.createGroupCursor(CreateGroupCursorRequest.builder()
                        .streamId(streamId)
                        .createGroupCursorDetails(details)
                        .build())
                .getCursor()
                .getValue();
        opened(created);
    }

    /** Our names are the service's wire names, so the SDK's own lookup is the one mapping. */
    private CreateGroupCursorDetails.Type type() {
        return CreateGroupCursorDetails.Type.create(position.name());
    }

    /**
     * Commits with the point's cursor, or, while its batch is still the newest, with the session's cursor (a
     * heartbeat may have replaced the one the poll returned). The cursor the service returns then becomes the
     * session's cursor, as the service expects; an older batch's commit leaves the session's position alone.
     */
    @Override
    public void commit(CommitPoint point) {
        synchronized (lock) {
            boolean current = isCurrent(point) && cursor != null;
            String next = client.consumerCommit(ConsumerCommitRequest.builder()
                            .streamId(streamId)
                            .cursor(current ? cursor : point.cursor())
                            .build())
                    .getCursor()
                    .getValue();
            touch();
            if (current) {
                cursor = next;
            }
        }
    }

    /** The group has no per-message seek: a new cursor starts after the last commit, so the batch comes again. */
    @Override
    public void rewind(Batch batch, int failedIndex) {
        invalidate();
    }

    /** The heartbeat's cursor replaces the session's, also for committing the batch in progress. */
    @Override
    public boolean heartbeat() {
        synchronized (lock) {
            if (cursor == null) {
                return false;
            }
            cursor = client.consumerHeartbeat(ConsumerHeartbeatRequest.builder()
                            .streamId(streamId)
                            .cursor(cursor)
                            .build())
                    .getCursor()
                    .getValue();
            touch();
            return true;
        }
    }

    public String groupName() {
        return groupName;
    }

    public String instanceName() {
        return instanceName;
    }
}
