package dev.ocistreaming.camel;

import com.oracle.bmc.auth.BasicAuthenticationDetailsProvider;
import com.oracle.bmc.streaming.StreamClient;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * Every option of the component, settable on the URI, in YAML {@code parameters}, or once for all endpoints as
 * {@code camel.component.oci-streaming.<option>}. Enumerated options are plain strings checked by
 * {@link ConfigurationValidator} so a wrong value names the option and the allowed values. A blank String option is
 * the same as an unset one.
 */
@Configurer
@UriParams
public class OciStreamingConfiguration implements Cloneable {

    // ---- common ----
    @UriPath(
            description = "The stream: its OCID (ocid1.stream...) or its name (looked up with the admin API in"
                    + " compartmentId or streamPoolId).")
    @Metadata(required = true)
    private String stream;

    @UriParam(
            label = "common",
            description = "The messages endpoint, e.g. https://cell-1.streaming.<region>.oci"
                    + ".oraclecloud.com, or the local server's URL. Also used as admin endpoint unless adminEndpoint or region"
                    + " is set. When unset it is read from the stream (messagesEndpoint).")
    private String endpoint;

    @UriParam(
            label = "common",
            description = "The admin (control plane) endpoint, for looking streams up by name or"
                    + " creating them. Defaults to the one of region, else to endpoint.")
    private String adminEndpoint;

    @UriParam(label = "common", description = "The OCI region (e.g. us-ashburn-1); gives the admin endpoint.")
    private String region;

    @UriParam(
            label = "common",
            description = "The compartment OCID in which a stream given by name is looked up or" + " created.")
    private String compartmentId;

    @UriParam(
            label = "common",
            description = "The stream pool OCID in which a stream given by name is looked up or"
                    + " created (instead of compartmentId).")
    private String streamPoolId;

    @UriParam(
            label = "common",
            defaultValue = "false",
            description = "Create the stream (given by name) when it does"
                    + " not exist, with the given number of partitions, and wait until it is ACTIVE.")
    private boolean createStreamIfMissing;

    @UriParam(
            label = "common",
            defaultValue = "1",
            description = "Partitions of a stream created by" + " createStreamIfMissing.")
    private int partitions = 1;

    @UriParam(
            label = "advanced",
            defaultValue = "120000",
            description = "How long to wait for a created stream to" + " become ACTIVE, in milliseconds.",
            javaType = "java.time.Duration")
    private long streamActiveTimeoutMs = 120_000;

    @UriParam(
            label = "advanced",
            defaultValue = "30000",
            description = "How long starting the endpoint keeps"
                    + " trying to look the stream up (or create it) while the service cannot be reached or answers 429/5xx,"
                    + " in milliseconds; 0 fails at once. A refusal (401, 404, unknown name) fails at once.",
            javaType = "java.time.Duration")
    private long startTimeoutMs = 30_000;

    // ---- security ----
    @UriParam(
            label = "security",
            defaultValue = "AUTO",
            enums = "AUTO,CONFIG_FILE,INSTANCE_PRINCIPAL," + "RESOURCE_PRINCIPAL,SESSION_TOKEN,NONE",
            description = "How requests are signed. AUTO: the autowired"
                    + " authenticationDetailsProvider if any; else NONE when the endpoint is a loopback address; else"
                    + " CONFIG_FILE when the config file exists; else RESOURCE_PRINCIPAL when OCI_RESOURCE_PRINCIPAL_VERSION is"
                    + " set; else INSTANCE_PRINCIPAL. NONE signs with a throwaway key (local server only).")
    private String authType = AuthType.AUTO.name();

    @UriParam(
            label = "security",
            description = "The OCI config file for CONFIG_FILE and SESSION_TOKEN; defaults to"
                    + " ~/.oci/config (or OCI_CONFIG_FILE).")
    private String configFile;

    @UriParam(label = "security", defaultValue = "DEFAULT", description = "The profile in the config file.")
    private String profile = "DEFAULT";

    @UriParam(label = "security")
    @Metadata(
            autowired = true,
            description =
                    "An authentication provider to use instead of authType (AUTO picks it" + " up from the registry).")
    private BasicAuthenticationDetailsProvider authenticationDetailsProvider;

    @UriParam(label = "advanced")
    @Metadata(
            autowired = true,
            description = "A ready StreamClient for the messages endpoint; the component neither"
                    + " configures nor closes it.")
    private StreamClient streamClient;

    // ---- client ----
    @UriParam(
            label = "advanced",
            defaultValue = "10000",
            description = "HTTP connect timeout in milliseconds.",
            javaType = "java.time.Duration")
    private long connectTimeoutMs = 10_000;

    @UriParam(
            label = "advanced",
            defaultValue = "60000",
            description = "HTTP read timeout in milliseconds.",
            javaType = "java.time.Duration")
    private long readTimeoutMs = 60_000;

    @UriParam(
            label = "advanced",
            defaultValue = "1",
            description = "Attempts the OCI SDK makes for a read or admin"
                    + " call (1 = no SDK retry; the consumer retries by itself with pollOnError and errorBackoffMs, and the"
                    + " producer with maxRetries). The SDK circuit breaker is always off.")
    private int sdkMaxAttempts = 1;

    // ---- consumer ----
    @UriParam(
            label = "consumer",
            description = "The consumer group (group mode). Exactly one of groupName and"
                    + " partition is required for a consumer.")
    private String groupName;

    @UriParam(
            label = "consumer",
            description =
                    "The instance name in the group; default a random 8-character"
                            + " [A-Z0-9] name. Each of consumersCount instances gets a suffix -1, -2... when there are several.")
    private String instanceName;

    @UriParam(
            label = "consumer",
            defaultValue = "LATEST",
            enums = "LATEST,TRIM_HORIZON,AT_TIME",
            description = "Where a new group starts (ignored by the service for an existing group, which resumes"
                    + " after its last commit).")
    private String initialPosition = InitialPosition.LATEST.name();

    @UriParam(
            label = "consumer",
            description = "For AT_TIME: an ISO-8601 instant (2026-01-01T00:00:00Z) or epoch" + " milliseconds.")
    private String startTime;

    @UriParam(
            label = "consumer",
            defaultValue = "30000",
            description = "Group reservation timeout (CreateGroupCursor"
                    + " timeoutInMs): an instance silent for longer loses its partitions to the others.",
            javaType = "java.time.Duration")
    private long groupTimeoutMs = 30_000;

    @UriParam(label = "consumer", description = "Partition mode: the partition to read (no group, no commits).")
    private String partition;

    @UriParam(
            label = "consumer",
            defaultValue = "LATEST",
            enums = "TRIM_HORIZON,LATEST,AT_TIME,AT_OFFSET," + "AFTER_OFFSET",
            description = "Partition mode: where the cursor starts.")
    private String cursorType;

    @UriParam(label = "consumer", description = "Partition mode: the offset for AT_OFFSET and AFTER_OFFSET.")
    private Long offset;

    @UriParam(
            label = "consumer",
            defaultValue = "AFTER_PROCESSING",
            enums = "AFTER_PROCESSING,ON_GET,MANUAL",
            description = "AFTER_PROCESSING: commit a batch after its exchanges completed (at-least-once). ON_GET:"
                    + " the service commits a batch when the next is fetched. MANUAL: only the"
                    + " CamelOciStreamingManualCommit header's commit() commits; it acknowledges its message and the"
                    + " earlier ones of its partition, and the component commits each batch once wholly"
                    + " acknowledged.")
    private String commitMode = CommitMode.AFTER_PROCESSING.name();

    @UriParam(
            label = "consumer",
            defaultValue = "50000",
            description = "MANUAL: an instance stops fetching (and"
                    + " keeps heartbeating) while this many delivered messages wait for the route's commit, and goes on once"
                    + " commits catch up.")
    private int maxUncommittedMessages = 50_000;

    @UriParam(
            label = "consumer",
            defaultValue = "10000",
            description = "GetMessages limit: most messages per batch"
                    + " (1 to 10000). An instance polls at most 5 times per second, so this bounds its throughput; a smaller"
                    + " batch means fewer messages read again after an unhandled failure.")
    private int maxMessagesPerPoll = 10_000;

    @UriParam(label = "consumer", defaultValue = "1", description = "Group instances (threads) this route runs.")
    private int consumersCount = 1;

    @UriParam(
            label = "consumer",
            defaultValue = "true",
            description = "On an unhandled exchange failure stop the"
                    + " batch, commit nothing of it and read it again (true), or log it and go on, committing the failed"
                    + " message with its batch (false).")
    private boolean breakOnFirstError = true;

    @UriParam(
            label = "consumer",
            defaultValue = "false",
            description = "Deliver the messages of one poll and one partition"
                    + " as one exchange, whose body is the List of their exchanges (each as it would be delivered one by"
                    + " one, in offset order), an OciStreamingBatchBody whose message(i) and manualCommit(i) read a"
                    + " message without making its exchange; it has the partition, stream and group headers and, in"
                    + " MANUAL mode, the"
                    + " manual commit of its last message. Saves a route that works on many messages at once (a database"
                    + " batch) the cost of an exchange per message. A failure of it counts as a failure of all its"
                    + " messages.")
    private boolean batching;

    @UriParam(
            label = "consumer",
            defaultValue = "RETRY",
            enums = "RETRY,ERROR_HANDLER,STOP",
            description = "When a"
                    + " call to the service fails: RETRY with backoff, hand to the ERROR_HANDLER then retry, or STOP the"
                    + " instance.")
    private String pollOnError = PollOnError.RETRY.name();

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "200",
            description = "Least time between two GetMessages of"
                    + " one instance (the service allows 5 per second per partition per group).",
            javaType = "java.time.Duration")
    private long minPollIntervalMs = 200;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "1000",
            description = "Longest wait between polls while"
                    + " idle; an idle instance waits a quarter of the time since its last message, at least minPollIntervalMs"
                    + " and at most this, and under a third of groupTimeoutMs to keep the reservation.",
            javaType = "java.time.Duration")
    private long maxIdlePollIntervalMs = 1000;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "500",
            description = "First wait after a failed call to the"
                    + " service or a failed exchange; doubles up to maxErrorBackoffMs.",
            javaType = "java.time.Duration")
    private long errorBackoffMs = 500;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "10000",
            description = "Longest wait between retries after" + " failures.",
            javaType = "java.time.Duration")
    private long maxErrorBackoffMs = 10_000;

    @UriParam(
            label = "consumer,advanced",
            description = "Heartbeat a batch in progress this often; default a third" + " of groupTimeoutMs.",
            javaType = "java.time.Duration")
    private Long heartbeatIntervalMs;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "5000",
            description = "Log 'No new messages...' when an"
                    + " instance got no message for this many milliseconds, and then at most once per this interval.",
            javaType = "java.time.Duration")
    private long idleLogIntervalMs = 5000;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "30000",
            description = "How long stopping waits for the" + " batches in progress to finish and commit.",
            javaType = "java.time.Duration")
    private long shutdownTimeoutMs = 30_000;

    // ---- producer ----
    @UriParam(
            label = "producer",
            description = "The message key (UTF-8) when the exchange has no" + " CamelOciStreamingKey header.")
    private String key;

    @UriParam(
            label = "producer",
            defaultValue = "1048576",
            description = "Most bytes (keys plus values) in one"
                    + " PutMessages request; at most 1048576 (1 MiB), the service's limit.")
    private int maxBatchBytes = 1_048_576;

    @UriParam(label = "producer", defaultValue = "1000", description = "Most messages in one PutMessages request.")
    private int maxBatchCount = 1000;

    @UriParam(
            label = "producer",
            defaultValue = "4",
            description = "PutMessages requests in flight at once per"
                    + " endpoint. Messages with one key always share one lane, so their order holds.")
    private int maxInFlight = 4;

    @UriParam(
            label = "producer",
            defaultValue = "5",
            description =
                    "Retries of a throttled (429) or failed (5xx," + " network) message before its exchange fails.")
    private int maxRetries = 5;

    @UriParam(
            label = "producer",
            defaultValue = "100",
            description = "First wait before a retry, in milliseconds;"
                    + " doubles per attempt. A service hint 'next request can be made in N ms' wins when longer.",
            javaType = "java.time.Duration")
    private long retryBackoffMs = 100;

    @UriParam(
            label = "producer",
            defaultValue = "5000",
            description = "Longest wait before a retry, in milliseconds.",
            javaType = "java.time.Duration")
    private long maxRetryBackoffMs = 5000;

    @UriParam(
            label = "producer",
            defaultValue = "33554432",
            description = "Most bytes (keys plus values) waiting"
                    + " for a request, over all lanes (32 MiB; requests in flight come on top). When a slow or unreachable"
                    + " service lets them pile up, a sender waits for room up to maxBlockMs, then its exchange fails. At least"
                    + " maxBatchBytes.")
    private long maxQueuedBytes = 32L * 1024 * 1024;

    @UriParam(
            label = "producer",
            defaultValue = "60000",
            description = "How long a sender waits for room when"
                    + " maxQueuedBytes are queued, in milliseconds, before its exchange fails; 0 fails it at once.",
            javaType = "java.time.Duration")
    private long maxBlockMs = 60_000;

    public OciStreamingConfiguration copy() {
        try {
            return (OciStreamingConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** @return true when the path is a stream OCID rather than a name */
    public boolean isStreamOcid() {
        return stream != null && stream.startsWith("ocid1.stream.");
    }

    public AuthType authType() {
        return ConfigurationValidator.parse("authType", authType, AuthType.class);
    }

    public InitialPosition initialPosition() {
        return ConfigurationValidator.parse("initialPosition", initialPosition, InitialPosition.class);
    }

    public CursorType cursorType() {
        return cursorType == null
                ? CursorType.LATEST
                : ConfigurationValidator.parse("cursorType", cursorType, CursorType.class);
    }

    public CommitMode commitMode() {
        return ConfigurationValidator.parse("commitMode", commitMode, CommitMode.class);
    }

    public PollOnError pollOnError() {
        return ConfigurationValidator.parse("pollOnError", pollOnError, PollOnError.class);
    }

    /** @return the heartbeat period: the option, else a third of the group timeout */
    public long effectiveHeartbeatIntervalMs() {
        return heartbeatIntervalMs != null ? heartbeatIntervalMs : Math.max(100, groupTimeoutMs / 3);
    }

    /** @return the idle poll ceiling, kept under a third of the group timeout so idle polls hold the reservation */
    public long effectiveMaxIdlePollIntervalMs() {
        long bound = groupMode() ? Math.max(minPollIntervalMs, groupTimeoutMs / 3) : Long.MAX_VALUE;
        return Math.max(minPollIntervalMs, Math.min(maxIdlePollIntervalMs, bound));
    }

    public boolean groupMode() {
        return groupName != null;
    }

    // ---- getters and setters (the generated configurers use them) ----

    /**
     * A blank String option ({@code camel.component.oci-streaming.endpoint =} in application.properties, or
     * {@code ?region=} on a URI) is treated exactly like an unset one: the value already there (the default, or the
     * component's value on an endpoint) stays. Set null to clear an option in code.
     */
    private static String unlessBlank(String current, String value) {
        return value != null && value.isBlank() ? current : value;
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = unlessBlank(this.stream, stream);
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = unlessBlank(this.endpoint, endpoint);
    }

    public String getAdminEndpoint() {
        return adminEndpoint;
    }

    public void setAdminEndpoint(String adminEndpoint) {
        this.adminEndpoint = unlessBlank(this.adminEndpoint, adminEndpoint);
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = unlessBlank(this.region, region);
    }

    public String getCompartmentId() {
        return compartmentId;
    }

    public void setCompartmentId(String compartmentId) {
        this.compartmentId = unlessBlank(this.compartmentId, compartmentId);
    }

    public String getStreamPoolId() {
        return streamPoolId;
    }

    public void setStreamPoolId(String streamPoolId) {
        this.streamPoolId = unlessBlank(this.streamPoolId, streamPoolId);
    }

    public boolean isCreateStreamIfMissing() {
        return createStreamIfMissing;
    }

    public void setCreateStreamIfMissing(boolean createStreamIfMissing) {
        this.createStreamIfMissing = createStreamIfMissing;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public long getStartTimeoutMs() {
        return startTimeoutMs;
    }

    public void setStartTimeoutMs(long startTimeoutMs) {
        this.startTimeoutMs = startTimeoutMs;
    }

    public long getStreamActiveTimeoutMs() {
        return streamActiveTimeoutMs;
    }

    public void setStreamActiveTimeoutMs(long streamActiveTimeoutMs) {
        this.streamActiveTimeoutMs = streamActiveTimeoutMs;
    }

    public String getAuthType() {
        return authType;
    }

    public void setAuthType(String authType) {
        this.authType = unlessBlank(this.authType, authType);
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = unlessBlank(this.configFile, configFile);
    }

    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = unlessBlank(this.profile, profile);
    }

    public BasicAuthenticationDetailsProvider getAuthenticationDetailsProvider() {
        return authenticationDetailsProvider;
    }

    public void setAuthenticationDetailsProvider(BasicAuthenticationDetailsProvider authenticationDetailsProvider) {
        this.authenticationDetailsProvider = authenticationDetailsProvider;
    }

    public StreamClient getStreamClient() {
        return streamClient;
    }

    public void setStreamClient(StreamClient streamClient) {
        this.streamClient = streamClient;
    }

    public long getConnectTimeoutMs() {
        return connectTimeoutMs;
    }

    public void setConnectTimeoutMs(long connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    public long getReadTimeoutMs() {
        return readTimeoutMs;
    }

    public void setReadTimeoutMs(long readTimeoutMs) {
        this.readTimeoutMs = readTimeoutMs;
    }

    public int getSdkMaxAttempts() {
        return sdkMaxAttempts;
    }

    public void setSdkMaxAttempts(int sdkMaxAttempts) {
        this.sdkMaxAttempts = sdkMaxAttempts;
    }

    public String getGroupName() {
        return groupName;
    }

    public void setGroupName(String groupName) {
        this.groupName = unlessBlank(this.groupName, groupName);
    }

    public String getInstanceName() {
        return instanceName;
    }

    public void setInstanceName(String instanceName) {
        this.instanceName = unlessBlank(this.instanceName, instanceName);
    }

    public String getInitialPosition() {
        return initialPosition;
    }

    public void setInitialPosition(String initialPosition) {
        this.initialPosition = unlessBlank(this.initialPosition, initialPosition);
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = unlessBlank(this.startTime, startTime);
    }

    public long getGroupTimeoutMs() {
        return groupTimeoutMs;
    }

    public void setGroupTimeoutMs(long groupTimeoutMs) {
        this.groupTimeoutMs = groupTimeoutMs;
    }

    public String getPartition() {
        return partition;
    }

    public void setPartition(String partition) {
        this.partition = unlessBlank(this.partition, partition);
    }

    public String getCursorType() {
        return cursorType;
    }

    public void setCursorType(String cursorType) {
        this.cursorType = unlessBlank(this.cursorType, cursorType);
    }

    public Long getOffset() {
        return offset;
    }

    public void setOffset(Long offset) {
        this.offset = offset;
    }

    public String getCommitMode() {
        return commitMode;
    }

    public void setCommitMode(String commitMode) {
        this.commitMode = unlessBlank(this.commitMode, commitMode);
    }

    public int getMaxUncommittedMessages() {
        return maxUncommittedMessages;
    }

    public void setMaxUncommittedMessages(int maxUncommittedMessages) {
        this.maxUncommittedMessages = maxUncommittedMessages;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public int getConsumersCount() {
        return consumersCount;
    }

    public void setConsumersCount(int consumersCount) {
        this.consumersCount = consumersCount;
    }

    public boolean isBreakOnFirstError() {
        return breakOnFirstError;
    }

    public void setBreakOnFirstError(boolean breakOnFirstError) {
        this.breakOnFirstError = breakOnFirstError;
    }

    public boolean isBatching() {
        return batching;
    }

    public void setBatching(boolean batching) {
        this.batching = batching;
    }

    public String getPollOnError() {
        return pollOnError;
    }

    public void setPollOnError(String pollOnError) {
        this.pollOnError = unlessBlank(this.pollOnError, pollOnError);
    }

    public long getMinPollIntervalMs() {
        return minPollIntervalMs;
    }

    public void setMinPollIntervalMs(long minPollIntervalMs) {
        this.minPollIntervalMs = minPollIntervalMs;
    }

    public long getMaxIdlePollIntervalMs() {
        return maxIdlePollIntervalMs;
    }

    public void setMaxIdlePollIntervalMs(long maxIdlePollIntervalMs) {
        this.maxIdlePollIntervalMs = maxIdlePollIntervalMs;
    }

    public long getErrorBackoffMs() {
        return errorBackoffMs;
    }

    public void setErrorBackoffMs(long errorBackoffMs) {
        this.errorBackoffMs = errorBackoffMs;
    }

    public long getMaxErrorBackoffMs() {
        return maxErrorBackoffMs;
    }

    public void setMaxErrorBackoffMs(long maxErrorBackoffMs) {
        this.maxErrorBackoffMs = maxErrorBackoffMs;
    }

    public Long getHeartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public void setHeartbeatIntervalMs(Long heartbeatIntervalMs) {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
    }

    public long getIdleLogIntervalMs() {
        return idleLogIntervalMs;
    }

    public void setIdleLogIntervalMs(long idleLogIntervalMs) {
        this.idleLogIntervalMs = idleLogIntervalMs;
    }

    public long getShutdownTimeoutMs() {
        return shutdownTimeoutMs;
    }

    public void setShutdownTimeoutMs(long shutdownTimeoutMs) {
        this.shutdownTimeoutMs = shutdownTimeoutMs;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = unlessBlank(this.key, key);
    }

    public int getMaxBatchBytes() {
        return maxBatchBytes;
    }

    public void setMaxBatchBytes(int maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    public int getMaxBatchCount() {
        return maxBatchCount;
    }

    public void setMaxBatchCount(int maxBatchCount) {
        this.maxBatchCount = maxBatchCount;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryBackoffMs() {
        return retryBackoffMs;
    }

    public void setRetryBackoffMs(long retryBackoffMs) {
        this.retryBackoffMs = retryBackoffMs;
    }

    public long getMaxRetryBackoffMs() {
        return maxRetryBackoffMs;
    }

    public void setMaxRetryBackoffMs(long maxRetryBackoffMs) {
        this.maxRetryBackoffMs = maxRetryBackoffMs;
    }

    public long getMaxQueuedBytes() {
        return maxQueuedBytes;
    }

    public void setMaxQueuedBytes(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public long getMaxBlockMs() {
        return maxBlockMs;
    }

    public void setMaxBlockMs(long maxBlockMs) {
        this.maxBlockMs = maxBlockMs;
    }
}
