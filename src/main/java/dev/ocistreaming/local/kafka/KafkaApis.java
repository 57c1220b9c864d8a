package dev.ocistreaming.local.kafka;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one request frame with {@code kafka-clients}' own classes, runs it, and encodes the
 * answer the same way. What cannot be decoded, or is not supported, closes the connection, as a
 * Kafka broker does; only ApiVersions of a newer version gets the protocol's v0 error answer, so a
 * newer client can step down.
 */
final class KafkaApis {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaApis.class);

    /** What to do after a request: send this frame (or nothing, for acks=0), or close the connection. */
    record Reply(ByteBuf bytes, boolean close) {
        static final Reply NONE = new Reply(null, false);
        static final Reply CLOSE = new Reply(null, true);
    }

    private final TopicDirectory topics;
    private final MetadataHandler metadata;
    private final ProduceHandler produce;
    private final FetchHandler fetch;
    private final OffsetsHandler offsets;
    private final Authenticator authenticator;
    private final GroupHandler groups;
    private final AdminHandler admin;

    KafkaApis(
            TopicDirectory topics,
            MetadataHandler metadata,
            ProduceHandler produce,
            FetchHandler fetch,
            OffsetsHandler offsets,
            Authenticator authenticator,
            GroupHandler groups,
            AdminHandler admin) {
        this.topics = topics;
        this.metadata = metadata;
        this.produce = produce;
        this.fetch = fetch;
        this.offsets = offsets;
        this.authenticator = authenticator;
        this.groups = groups;
        this.admin = admin;
    }

    Session newSession(java.net.SocketAddress remote) {
        return new Session(remote, topics.defaultPoolId());
    }

    CompletableFuture<Reply> handle(Session session, ByteBuffer frame) {
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            LOG.info(
                    "Closing the Kafka connection of {}: unreadable request header ({})",
                    session.describe(),
                    e.toString());
            return CompletableFuture.completedFuture(Reply.CLOSE);
        }
        session.clientId(header.clientId());
        ApiKeys key = header.apiKey();
        short version = header.apiVersion();
        if (!SupportedApis.supports(key, version)) {
            if (key == ApiKeys.API_VERSIONS) {
                return CompletableFuture.completedFuture(apiVersionsTooNew(header));
            }
            LOG.info(
                    "Closing the Kafka connection of {}: {} v{} is not supported by this server",
                    session.describe(),
                    key,
                    version);
            return CompletableFuture.completedFuture(Reply.CLOSE);
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            LOG.info(
                    "Closing the Kafka connection of {}: malformed {} v{} request ({})",
                    session.describe(),
                    key,
                    version,
                    e.toString());
            return CompletableFuture.completedFuture(Reply.CLOSE);
        }
        if (!authenticator.mayUse(session, key)) {
            LOG.info(
                    "Closing the Kafka connection of {}: {} before SASL authentication, which this server requires",
                    session.describe(),
                    key);
            return CompletableFuture.completedFuture(Reply.CLOSE);
        }
        CompletableFuture<ApiMessage> answer = dispatch(session, key, version, request.data());
        return answer.thenApply(message -> {
            if (message == null) {
                return Reply.NONE;
            }
            ByteBuf bytes = ResponseFrame.of(header.toResponseHeader(), message, version);
            boolean close = key == ApiKeys.SASL_AUTHENTICATE
                    && ((SaslAuthenticateResponseData) message).errorCode() != Errors.NONE.code();
            return new Reply(bytes, close);
        });
    }

    private CompletableFuture<ApiMessage> dispatch(Session session, ApiKeys key, short version, ApiMessage data) {
        return switch (key) {
            case API_VERSIONS -> done(new ApiVersionsResponseData().setApiKeys(SupportedApis.advertised()));
            case SASL_HANDSHAKE -> done(handshake(session, (SaslHandshakeRequestData) data));
            case SASL_AUTHENTICATE -> done(authenticator.authenticate(session, (SaslAuthenticateRequestData) data));
            case METADATA -> done(metadata.handle(session, (MetadataRequestData) data));
            case PRODUCE -> {
                ProduceRequestData p = (ProduceRequestData) data;
                ApiMessage r = produce.handle(session, p);
                yield done(p.acks() == 0 ? null : r);
            }
            case FETCH -> fetch.handle(session, (FetchRequestData) data).thenApply(r -> r);
            case LIST_OFFSETS -> done(offsets.listOffsets(session, (ListOffsetsRequestData) data, version));
            case OFFSET_FOR_LEADER_EPOCH -> done(offsets.leaderEpochs(session, (OffsetForLeaderEpochRequestData) data));
            case INIT_PRODUCER_ID -> done(refuseProducerId(session, (InitProducerIdRequestData) data));
            case FIND_COORDINATOR -> done(groups.findCoordinator((FindCoordinatorRequestData) data, version));
            case JOIN_GROUP ->
                groups.join(session, (JoinGroupRequestData) data, version).thenApply(r -> r);
            case SYNC_GROUP -> groups.sync(session, (SyncGroupRequestData) data).thenApply(r -> r);
            case HEARTBEAT -> done(groups.heartbeat(session, (HeartbeatRequestData) data));
            case LEAVE_GROUP -> done(groups.leave(session, (LeaveGroupRequestData) data, version));
            case OFFSET_COMMIT -> done(groups.commit(session, (OffsetCommitRequestData) data));
            case OFFSET_FETCH -> done(groups.fetchOffsets(session, (OffsetFetchRequestData) data, version));
            case LIST_GROUPS -> done(groups.list(session, (ListGroupsRequestData) data));
            case CREATE_TOPICS -> done(admin.createTopics(session, (CreateTopicsRequestData) data));
            case DELETE_TOPICS -> done(admin.deleteTopics(session, (DeleteTopicsRequestData) data, version));
            case DESCRIBE_CONFIGS -> done(admin.describeConfigs(session, (DescribeConfigsRequestData) data));
            case CREATE_PARTITIONS -> done(admin.refusePartitions(session, (CreatePartitionsRequestData) data));
            case DESCRIBE_GROUPS -> done(groups.describe(session, (DescribeGroupsRequestData) data, version));
            default -> throw new IllegalStateException("advertised but not dispatched: " + key);
        };
    }

    private static CompletableFuture<ApiMessage> done(ApiMessage m) {
        return CompletableFuture.completedFuture(m);
    }

    private static Reply apiVersionsTooNew(RequestHeader header) {
        ApiVersionsResponseData body = new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(SupportedApis.advertised());
        return new Reply(
                ResponseFrame.of(new ResponseHeader(header.correlationId(), (short) 0), body, (short) 0), false);
    }

    private static SaslHandshakeResponseData handshake(Session session, SaslHandshakeRequestData request) {
        SaslHandshakeResponseData r = new SaslHandshakeResponseData().setMechanisms(List.of("PLAIN"));
        if (!"PLAIN".equals(request.mechanism())) {
            return r.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        }
        session.handshakeDone(true);
        return r;
    }

    /**
     * The service has neither idempotent producers nor transactions. Kafka 3+ producers turn
     * idempotence on by default, so this is the refusal most users meet first: the log says how to
     * fix it, and the client fails with an error naming authorization, as the service's does.
     */
    private static InitProducerIdResponseData refuseProducerId(Session session, InitProducerIdRequestData request) {
        if (request.transactionalId() != null) {
            LOG.info(
                    "Refused a transactional producer ({}, transactional.id {}): OCI Streaming does not support Kafka"
                            + " transactions",
                    session.describe(),
                    request.transactionalId());
            return new InitProducerIdResponseData()
                    .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                    .setProducerId(-1)
                    .setProducerEpoch((short) -1);
        }
        LOG.info(
                "Refused an idempotent producer ({}): OCI Streaming does not support idempotent producers; set"
                        + " enable.idempotence=false in the producer's configuration (Kafka 3.0 and later turn it on"
                        + " by default)",
                session.describe());
        return new InitProducerIdResponseData()
                .setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                .setProducerId(-1)
                .setProducerEpoch((short) -1);
    }
}
