package io.prognos.server.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttFrameDecoderTest {

    /** A PUBLISH packet (MQTT 3.1.1, section 3.3) built by hand. */
    static byte[] publish(String topic, int qos, int packetId, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        body.write(t.length >> 8);
        body.write(t.length & 0xFF);
        body.writeBytes(t);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xFF);
        }
        body.writeBytes(payload);
        return packet(0x30 | qos << 1, body.toByteArray());
    }

    static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void splitsPacketsThatArriveTogetherOrInPiecesAndKeepsTheirBytes() {
        byte[] big = new byte[20_000]; // a remaining length of three bytes
        big[19_999] = 7;
        byte[] a = publish("prognos/telemetry/S", 1, 42, "{\"ts\":1,\"value\":2}".getBytes(StandardCharsets.UTF_8));
        byte[] b = publish("prognos/telemetry", 1, 43, big);
        byte[] ping = {(byte) 0xC0, 0};
        byte[] all = new byte[a.length + b.length + ping.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(ping, 0, all, a.length + b.length, ping.length);
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFrameDecoder(1 << 20));
        // one byte at a time, then the rest at once
        for (int i = 0; i < 5; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(all, i, 1));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(all, 5, all.length - 5));
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        ByteBuf third = channel.readInbound();
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(bytes(first)).isEqualTo(a);
        assertThat(bytes(second)).isEqualTo(b);
        assertThat(bytes(third)).isEqualTo(ping);

        MqttFrameDecoder.Publish p = MqttFrameDecoder.publish(first);
        assertThat(p.topic()).isEqualTo("prognos/telemetry/S");
        assertThat(p.qos()).isEqualTo(1);
        assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"ts\":1,\"value\":2}");
        MqttFrameDecoder.Publish q = MqttFrameDecoder.publish(second);
        assertThat(q.payload()).hasSize(20_000).endsWith(7);
        first.release();
        second.release();
        third.release();
    }

    @Test
    void readsQos0PublishAndTheConnectProtocolLevel() {
        MqttFrameDecoder.Publish p = MqttFrameDecoder.publish(Unpooled.wrappedBuffer(publish("a/b", 0, 0, new byte[]{1, 2})));
        assertThat(p.qos()).isZero();
        assertThat(p.payload()).containsExactly(1, 2);
        // CONNECT: protocol name "MQTT", level 4, flags, keep-alive, client id "c"
        byte[] connect = packet(0x10, new byte[]{0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'c'});
        assertThat(MqttFrameDecoder.protocolLevel(Unpooled.wrappedBuffer(connect))).isEqualTo(4);
        byte[] connect31 = packet(0x10, new byte[]{0, 6, 'M', 'Q', 'I', 's', 'd', 'p', 3, 2, 0, 60, 0, 1, 'c'});
        assertThat(MqttFrameDecoder.protocolLevel(Unpooled.wrappedBuffer(connect31))).isEqualTo(3);
    }

    @Test
    void refusesPacketsOverTheLimitAndMalformedLengths() {
        EmbeddedChannel tooLong = new EmbeddedChannel(new MqttFrameDecoder(100));
        assertThatThrownBy(() -> tooLong.writeInbound(Unpooled.wrappedBuffer(publish("t", 1, 1, new byte[200]))))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("over the limit of 100");
        EmbeddedChannel malformed = new EmbeddedChannel(new MqttFrameDecoder(1 << 20));
        byte[] fiveLengthBytes = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0};
        assertThatThrownBy(() -> malformed.writeInbound(Unpooled.wrappedBuffer(fiveLengthBytes)))
                .isInstanceOf(DecoderException.class).hasMessageContaining("more than four bytes");
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }
}
