package dev.ocistreaming.local.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.SendBuilder;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A response as it goes on the wire, size prefix included, laid out by kafka-clients' own {@link SendBuilder}. The
 * record batches a Fetch answers with stay in the buffers they were read into: the frame refers to them instead of
 * copying them, with the header and the other fields, into one buffer first.
 */
final class ResponseFrame {

    private ResponseFrame() {}

    static ByteBuf of(ResponseHeader header, Message body, short version) {
        Send send = SendBuilder.buildResponseSend(header, body, version);
        Gather gather = new Gather();
        try {
            while (!send.completed()) {
                send.writeTo(gather);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a Gather never fails
        }
        return gather.frame;
    }

    /** A channel that takes every buffer written to it as a part of one Netty buffer, without copying it. */
    private static final class Gather implements TransferableChannel {

        final CompositeByteBuf frame = Unpooled.compositeBuffer(Integer.MAX_VALUE);

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            long taken = 0;
            for (int i = offset; i < offset + length; i++) {
                taken += write(sources[i]);
            }
            return taken;
        }

        @Override
        public long write(ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            int n = source.remaining();
            if (n > 0) {
                frame.addComponent(true, Unpooled.wrappedBuffer(source.slice()));
                source.position(source.limit());
            }
            return n;
        }

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public long transferFrom(FileChannel fileChannel, long position, long count) {
            // only file-backed records are sent this way; every response here holds records in memory
            throw new UnsupportedOperationException("records from a file");
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
