package dev.ocistreaming.local.data;

import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.admin.DamagedFiles;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.group.ConsumerGroup;
import dev.ocistreaming.local.group.GroupCoordinator;
import dev.ocistreaming.local.http.Router;
import dev.ocistreaming.local.log.PartitionLog;
import java.io.IOException;
import java.nio.file.Path;

/** Registers the data-plane routes and gives their handlers the {@link DataPlaneServices} they may use. */
public final class DataPlane implements DataPlaneServices {

    static final String BASE = "/20180418/streams/{streamId}";

    private final StreamRegistry registry;
    private final GroupCoordinator groups;
    private final CursorCodec cursors;
    private final ServerConfig config;
    /** Null unless throttling is on. */
    private final RateLimiter writeBytes;
    /** Null unless throttling is on. */
    private final RateLimiter reads;
    /** Counts successful puts and gets for the console's traffic figures. */
    private final StreamTraffic traffic;

    public DataPlane(
            StreamRegistry registry,
            GroupCoordinator groups,
            Path dataDir,
            DamagedFiles damaged,
            ServerConfig config,
            StreamTraffic traffic)
            throws IOException {
        this.registry = registry;
        this.traffic = traffic;
        this.groups = groups;
        this.cursors = CursorCodec.fromDataDir(dataDir, damaged);
        this.config = config;
        this.writeBytes = config.throttling() ? new RateLimiter(config.writeBytesPerSecond()) : null;
        this.reads = config.throttling() ? new RateLimiter(config.getsPerSecond()) : null;
    }

    public void register(Router router) {
        PutMessages put = new PutMessages(this);
        GetMessages get = new GetMessages(this);
        CursorApi cursorApi = new CursorApi(this);
        GroupApi groupApi = new GroupApi(this);
        router.add("POST", BASE + "/messages", put::handle)
                .add("GET", BASE + "/messages", get::handle)
                .add("POST", BASE + "/cursors", cursorApi::createCursor)
                .add("POST", BASE + "/groupCursors", cursorApi::createGroupCursor)
                .add("POST", BASE + "/commit", groupApi::commit)
                .add("POST", BASE + "/heartbeat", groupApi::heartbeat)
                .add("GET", BASE + "/groups/{groupName}", groupApi::getGroup)
                .add("PUT", BASE + "/groups/{groupName}", groupApi::updateGroup);
    }

    @Override
    public StreamInfo activeStream(String streamId) {
        return registry.requireActive(streamId);
    }

    @Override
    public PartitionLog[] partitions(StreamInfo stream) {
        return registry.logs(stream);
    }

    @Override
    public ConsumerGroup group(String streamId, String groupName) {
        return groups.get(streamId, groupName);
    }

    @Override
    public ConsumerGroup groupOrCreate(
            String streamId, String groupName, String type, long timeMs, PartitionLog[] logs, long now) {
        return groups.getOrCreate(streamId, groupName, type, timeMs, logs, now);
    }

    @Override
    public Cursor decodeCursor(String text, String streamId) {
        return cursors.decode(text, streamId, now());
    }

    @Override
    public String encodeCursor(Cursor cursor) {
        return cursors.encode(cursor);
    }

    @Override
    public long now() {
        return config.clock().millis();
    }

    @Override
    public long cursorExpiry() {
        return now() + config.cursorTtlMs();
    }

    @Override
    public long writeWaitMs(String key, long bytes) {
        return writeBytes == null ? 0 : writeBytes.tryAcquire(key, bytes, now());
    }

    @Override
    public boolean readThrottled(String key) {
        return reads != null && reads.tryAcquire(key, 1, now()) > 0;
    }

    @Override
    public int getsPerSecond() {
        return config.getsPerSecond();
    }

    @Override
    public int getMaxBytes() {
        return config.getMaxBytes();
    }

    @Override
    public void countPut(String streamId, int messages) {
        traffic.count(streamId, StreamTraffic.Flow.PUT, messages);
    }

    @Override
    public void countGet(String streamId, int messages) {
        traffic.count(streamId, StreamTraffic.Flow.GET, messages);
    }
}
