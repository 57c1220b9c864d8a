package dev.ocistreaming.local.data;

import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.admin.DamagedFiles;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.group.GroupCoordinator;
import dev.ocistreaming.local.http.Router;
import java.io.IOException;
import java.nio.file.Path;

/** Registers the data-plane routes and holds what their handlers share. */
public final class DataPlane {

    static final String BASE = "/20180418/streams/{streamId}";

    final StreamRegistry registry;
    final GroupCoordinator groups;
    final CursorCodec cursors;
    final ServerConfig config;
    /** Null unless throttling is on. */
    final RateLimiter writeBytes;

    final RateLimiter reads;
    /** Counts successful puts and gets for the console's rate chart. */
    final StreamTraffic traffic;

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

    long now() {
        return config.clock().millis();
    }

    long cursorExpiry() {
        return now() + config.cursorTtlMs();
    }
}
