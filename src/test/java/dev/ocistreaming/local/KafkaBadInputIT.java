package dev.ocistreaming.local;

import static dev.ocistreaming.local.RawKafka.readFrame;
import static dev.ocistreaming.local.RawKafka.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad bytes on the Kafka port, over raw sockets: oversize and negative frame lengths, unknown API
 * keys and versions, garbage bodies, and a seeded fuzz of random and mutated frames. Each gets the
 * protocol's error or a closed connection, never a hang of the server or a crash; real clients
 * work afterwards.
 */
class KafkaBadInputIT {

    private static final int TIMEOUT_MS = 10_000;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    @Test
    void anOversizeFrameClosesTheConnectionBeforeItsBodyIsSent() throws Exception {
        try (Socket s = connect()) {
            // 2 GiB announced, nothing sent: refused on the length alone, no buffer of that size
            new java.io.DataOutputStream(s.getOutputStream()).writeInt(Integer.MAX_VALUE);
            assertThat(readsEndOfStream(s)).isTrue();
        }
        try (Socket s = connect()) {
            new java.io.DataOutputStream(s.getOutputStream()).writeInt(2 * 1024 * 1024);
            s.getOutputStream().write(new byte[64 * 1024]);
            assertThat(readsEndOfStream(s)).isTrue();
        }
        assertStillServes();
    }

    @Test
    void aNegativeLengthUnknownKeyOrVersionOrGarbageBodyClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            new java.io.DataOutputStream(s.getOutputStream()).writeInt(-5);
            assertThat(readsEndOfStream(s)).isTrue();
        }
        // unknown API key 9999
        assertThat(sendAndExpectClose(header((short) 9999, (short) 0))).isTrue();
        // a known key at a version nobody speaks
        assertThat(sendAndExpectClose(header(ApiKeys.METADATA.id, (short) 99))).isTrue();
        // a broker-internal API no client may call
        assertThat(sendAndExpectClose(header(ApiKeys.LEADER_AND_ISR.id, (short) 7)))
                .isTrue();
        // a Produce header followed by garbage
        byte[] h = header(ApiKeys.PRODUCE.id, (short) 9);
        byte[] garbage = new byte[h.length + 40];
        System.arraycopy(h, 0, garbage, 0, h.length);
        for (int i = h.length; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31);
        }
        assertThat(sendAndExpectClose(garbage)).isTrue();
        assertStillServes();
    }

    @Test
    void aTooNewApiVersionsIsAnsweredWithTheSupportedRangesAtVersionZero() throws Exception {
        try (Socket s = connect()) {
            // a flexible header (version 2): an empty tagged-field section after the client id
            byte[] plain = header(ApiKeys.API_VERSIONS.id, (short) 99);
            byte[] frame = java.util.Arrays.copyOf(plain, plain.length + 1);
            write(s, frame);
            ByteBuffer answer = ByteBuffer.wrap(readFrame(s));
            ResponseHeader rh = ResponseHeader.parse(answer, (short) 0);
            assertThat(rh.correlationId()).isEqualTo(42);
            ApiVersionsResponseData body = new ApiVersionsResponseData(new ByteBufferAccessor(answer), (short) 0);
            assertThat(body.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(body.apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
        }
    }

    @Test
    void aSeededFuzzOfRandomAndMutatedFramesNeverHangsOrBreaksTheServer() throws Exception {
        server.createStream("fuzz", 2);
        long seed = Long.getLong("fuzz.seed", 20261205L);
        Random random = new Random(seed);
        List<byte[]> valid = validRequests();
        int answered = 0;
        int closed = 0;
        for (int i = 0; i < 300; i++) {
            byte[] frame;
            if (random.nextInt(3) == 0) {
                frame = new byte[random.nextInt(200)];
                random.nextBytes(frame);
            } else {
                frame = valid.get(random.nextInt(valid.size())).clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips && frame.length > 0; f++) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(5) == 0) {
                    frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 1));
                }
            }
            try (Socket s = connect()) {
                s.setSoTimeout(2000);
                write(s, frame);
                try {
                    readFrame(s);
                    answered++;
                } catch (EOFException | SocketException e) {
                    closed++;
                } catch (SocketTimeoutException e) {
                    // a valid long poll or a frame still waiting for its announced length: not a hang of the server
                }
            }
        }
        assertThat(answered + closed).as("seed " + seed).isGreaterThan(100);
        assertStillServes();
    }

    /** Well-formed requests of several APIs, as frames without the length prefix. */
    private static List<byte[]> validRequests() {
        List<AbstractRequest> requests = new ArrayList<>();
        requests.add(new ApiVersionsRequest.Builder().build((short) 3));
        requests.add(new MetadataRequest(new MetadataRequestData().setTopics(null), (short) 12));
        requests.add(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData().setKey("g")).build((short) 3));
        requests.add(new JoinGroupRequest.Builder(new JoinGroupRequestData()
                        .setGroupId("g")
                        .setSessionTimeoutMs(6000)
                        .setRebalanceTimeoutMs(6000)
                        .setProtocolType("consumer"))
                .build((short) 5));
        requests.add(ListOffsetsRequest.Builder.forConsumer(false, IsolationLevel.READ_UNCOMMITTED)
                .setTargetTimes(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("fuzz")
                        .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(0)
                                .setTimestamp(-2)))))
                .build((short) 7));
        requests.add(
                FetchRequest.Builder.forConsumer((short) 12, 100, 1, Map.of()).build((short) 12));
        List<byte[]> out = new ArrayList<>();
        for (AbstractRequest r : requests) {
            out.add(RawKafka.frame(r, "fuzz", 42));
        }
        return out;
    }

    private void assertStillServes() throws Exception {
        try (KafkaProducer<String, String> p =
                KafkaClients.producer(server.server().kafkaBootstrapServers(), Map.of())) {
            assertThat(p.send(new ProducerRecord<>("still-serves", "ok"))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    /** A request header alone (correlation id 42), serialized as the client library does it. */
    private static byte[] header(short apiKey, short version) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putShort(apiKey).putShort(version).putInt(42).putShort((short) 4).put("test".getBytes());
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private boolean sendAndExpectClose(byte[] frame) throws IOException {
        try (Socket s = connect()) {
            write(s, frame);
            return readsEndOfStream(s);
        }
    }

    private Socket connect() throws IOException {
        return RawKafka.connect(server.server().kafkaPort(), TIMEOUT_MS);
    }

    /** True when the server closes the connection (within the socket timeout) without answering. */
    private static boolean readsEndOfStream(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }
}
