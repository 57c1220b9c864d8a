package dev.ocistreaming.local.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The server's event loops, created once and shared by every listener (the REST API, and any other protocol the
 * server speaks): one thread accepts connections, a few threads read, parse and write for all of them. Event loop
 * threads never wait on a disk or a lock held across I/O; listeners hand complete requests to their own worker
 * threads. A connection that sends nothing costs a registration here, not a thread.
 */
public final class EventLoops implements AutoCloseable {

    /** Connections the kernel may hold before they are accepted; a burst of a thousand clients fits. */
    private static final int BACKLOG = 1024;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;

    public EventLoops(int ioThreads) {
        this.acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("oci-local-accept", true));
        this.io = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("oci-local-io", true));
    }

    /** The group whose one thread accepts connections (a {@link ServerBootstrap}'s parent group). */
    public EventLoopGroup acceptor() {
        return acceptor;
    }

    /** The group that serves accepted connections (a {@link ServerBootstrap}'s child group). */
    public EventLoopGroup io() {
        return io;
    }

    /**
     * Binds a TCP listener on these loops with the options every listener of the server wants (no Nagle delay, a
     * backlog for bursts, address reuse for quick restarts).
     *
     * @param what names the listener in the error when the port is taken ("local-server.port")
     * @return the bound server channel; close it to stop listening
     */
    public Channel bind(InetSocketAddress address, ChannelInitializer<SocketChannel> connections, String what)
            throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(connections);
        try {
            return bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the channel's checked exceptions undeclared
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IOException(
                        what + ": port " + address.getPort() + " on " + address.getHostString() + " is already in use",
                        e);
            }
            throw new IOException(what + ": cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Closes every connection of every listener and stops the threads; waits a few seconds at most. */
    @Override
    public void close() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        io.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
