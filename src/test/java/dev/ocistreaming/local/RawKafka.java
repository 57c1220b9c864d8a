package dev.ocistreaming.local;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/** Kafka frames over a plain socket, for tests about the wire: send any bytes, read the answer frames. */
final class RawKafka {

    private RawKafka() {}

    /** A loopback connection to {@code port} whose connect and reads give up after {@code timeoutMs}. */
    static Socket connect(int port, int timeoutMs) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
        s.setSoTimeout(timeoutMs);
        return s;
    }

    /** {@code request} with its header, as a client library serializes it (a frame without its length prefix). */
    static byte[] frame(AbstractRequest request, String clientId, int correlationId) {
        ByteBuffer b = request.serializeWithHeader(
                new RequestHeader(request.apiKey(), request.version(), clientId, correlationId));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Sends {@code frame} behind its length prefix. */
    static void write(Socket s, byte[] frame) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** The next answer frame, without its length prefix. */
    static byte[] readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
