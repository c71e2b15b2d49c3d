package io.prognos.server.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.prognos.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The embedded broker's public MQTT port. Every client connection is relayed to Moquette, which listens on
 * loopback only, and each telemetry PUBLISH is held back until the server has committed its points (or refused
 * and dead-lettered them): Moquette acknowledges a QoS 1 message as soon as it holds it in memory, so without
 * the gate a {@code kill -9} would lose messages the publisher had been told were delivered. With it, a PUBACK
 * reaches the publisher only for stored data. Packets keep their order per connection; everything other than
 * telemetry passes unchanged.
 *
 * <p>When the database fails, the connection is closed without the PUBACK, so the publisher sends again after
 * it reconnects. Only MQTT 3.1 and 3.1.1 (what the embedded broker speaks) are inspected.
 */
public final class MqttIngestGate implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestGate.class);
    /** Packets held per connection before the gate stops reading from that client. */
    private static final int MAX_PENDING = 10_000;
    private static final int RESUME_PENDING = 1_000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final String host;
    private final int port;

    private MqttIngestGate(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel, String host, int port) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.host = host;
        this.port = port;
    }

    /**
     * Opens the public port.
     *
     * @param port   TCP port, 0 for a free one
     * @param broker the embedded broker the gate relays to
     * @param writer stores telemetry before it is passed on
     * @throws IllegalStateException naming the port when it cannot be bound
     */
    public static MqttIngestGate start(String host, int port, EmbeddedBroker broker, TelemetryMessageWriter writer) {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(Math.min(4, Runtime.getRuntime().availableProcessors()));
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new MqttFrameDecoder(EmbeddedBroker.MAX_MESSAGE_BYTES),
                                    new ClientSide(broker, writer));
                        }
                    });
            Channel channel = bootstrap.bind(host, port).sync().channel();
            int bound = ((InetSocketAddress) channel.localAddress()).getPort();
            return new MqttIngestGate(boss, workers, channel, host, bound);
        } catch (Exception e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw new IllegalStateException("cannot open the MQTT port " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The URL publishers use, e.g. {@code tcp://127.0.0.1:1883}. */
    public String url() {
        String h = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        return "tcp://" + h + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** One packet from the client, passed on to the broker once {@link #ready}. */
    private static final class Pending {
        final ByteBuf frame;
        boolean ready;

        Pending(ByteBuf frame, boolean ready) {
            this.frame = frame;
            this.ready = ready;
        }
    }

    /** The client's side of a relayed connection: holds telemetry back until it is stored. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final EmbeddedBroker broker;
        private final TelemetryMessageWriter writer;
        private final Deque<Pending> pending = new ArrayDeque<>();
        private Channel client;
        private Channel backend;
        private boolean inspect = true;

        ClientSide(EmbeddedBroker broker, TelemetryMessageWriter writer) {
            this.broker = broker;
            this.writer = writer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            client = ctx.channel();
            new Bootstrap().group(client.eventLoop())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new BrokerSide(client, this))
                    .connect(broker.internalHost(), broker.internalPort())
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            backend = f.channel();
                            backend.closeFuture().addListener(c -> client.close());
                            client.config().setAutoRead(true);
                        } else {
                            LOG.error("the MQTT gate cannot reach the embedded broker: {}", f.cause().getMessage());
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            int type = frame.getUnsignedByte(frame.readerIndex()) >> 4;
            if (type == MqttFrameDecoder.CONNECT) {
                try {
                    inspect = MqttFrameDecoder.protocolLevel(frame) <= 4;
                } catch (IndexOutOfBoundsException malformed) {
                    frame.release();
                    LOG.warn("MQTT connection from {} closed: a CONNECT packet is shorter than its fields say",
                            client.remoteAddress());
                    client.close();
                    return;
                }
            }
            if (type == MqttFrameDecoder.PUBLISH && inspect) {
                MqttFrameDecoder.Publish publish;
                try {
                    publish = MqttFrameDecoder.publish(frame);
                } catch (IndexOutOfBoundsException malformed) {
                    frame.release();
                    LOG.warn("MQTT connection from {} closed: a PUBLISH packet is shorter than its topic says",
                            client.remoteAddress());
                    client.close();
                    return;
                }
                if (writer.isTelemetryTopic(publish.topic())) {
                    Pending p = new Pending(frame, false);
                    pending.add(p);
                    writer.submit(new GatedDelivery(this, p, publish.topic(), publish.payload()));
                    if (pending.size() >= MAX_PENDING) {
                        client.config().setAutoRead(false);
                    }
                    return;
                }
            }
            pending.add(new Pending(frame, true));
            passOn();
        }

        /** Writes the ready packets at the head of the queue to the broker, in order. */
        void passOn() {
            boolean wrote = false;
            while (!pending.isEmpty() && pending.peekFirst().ready) {
                backend.write(pending.pollFirst().frame);
                wrote = true;
            }
            if (wrote) {
                backend.flush();
            }
            if (pending.size() < RESUME_PENDING && backend.isWritable() && client.isActive()
                    && !client.config().isAutoRead()) {
                client.config().setAutoRead(true);
            }
        }

        /** The publisher reads slower than the broker answers: stop reading from the broker until it catches up. */
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (backend != null) {
                backend.config().setAutoRead(client.isWritable());
            }
        }

        /** The broker reads slower than the publisher sends: stop reading from the publisher until it catches up. */
        void backendWritabilityChanged() {
            if (backend.isWritable()) {
                passOn();
            } else {
                client.config().setAutoRead(false);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Pending p;
            while ((p = pending.pollFirst()) != null) {
                ReferenceCountUtil.release(p.frame);
            }
            if (backend != null) {
                backend.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("MQTT connection from {} closed: {}", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.close();
        }
    }

    /** A telemetry message on its way through the writer; it answers on the connection's event loop. */
    private record GatedDelivery(ClientSide connection, Pending packet, String topic, byte[] payload)
            implements TelemetryMessageWriter.Delivery {
        @Override
        public void done() {
            connection.client.eventLoop().execute(() -> {
                packet.ready = true;
                if (connection.client.isActive()) {
                    connection.passOn();
                }
            });
        }

        @Override
        public void notStored(StoreException cause) {
            connection.client.eventLoop().execute(() -> {
                LOG.warn("MQTT connection from {} closed unacknowledged: its telemetry could not be stored ({})",
                        connection.client.remoteAddress(), cause.getMessage());
                connection.client.close();
            });
        }
    }

    /** The broker's side of a relayed connection: everything goes back to the client unchanged. */
    private static final class BrokerSide extends ChannelInboundHandlerAdapter {
        private final Channel client;
        private final ClientSide clientSide;

        BrokerSide(Channel client, ClientSide clientSide) {
            this.client = client;
            this.clientSide = clientSide;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            client.writeAndFlush(msg);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            clientSide.backendWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("MQTT gate lost the embedded broker connection: {}", cause.getMessage());
            ctx.close();
        }
    }
}
