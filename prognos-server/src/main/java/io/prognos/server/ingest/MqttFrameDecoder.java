package io.prognos.server.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a client's byte stream into whole MQTT control packets, each passed on as its original bytes, and reads
 * the few fields {@link MqttIngestGate} needs (packet type, CONNECT protocol level, PUBLISH topic and payload)
 * without decoding anything else. MQTT 3.1.1, section 2.2: a fixed header byte, then the remaining length as a
 * variable-length integer of one to four bytes.
 */
final class MqttFrameDecoder extends ByteToMessageDecoder {

    static final int CONNECT = 1;
    static final int PUBLISH = 3;

    /** A PUBLISH packet's topic and a copy of its payload. */
    record Publish(String topic, int qos, byte[] payload) {
    }

    private final int maxRemainingLength;

    MqttFrameDecoder(int maxRemainingLength) {
        this.maxRemainingLength = maxRemainingLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int available = in.readableBytes();
            if (available < 2) {
                return;
            }
            int remaining = 0;
            int multiplier = 1;
            int headerLength = 1;
            while (true) {
                if (headerLength >= available) {
                    return; // the length is not complete yet
                }
                int b = in.getUnsignedByte(start + headerLength);
                headerLength++;
                remaining += (b & 0x7F) * multiplier;
                if ((b & 0x80) == 0) {
                    break;
                }
                multiplier *= 128;
                if (headerLength > 4) {
                    throw new CorruptedFrameException("malformed MQTT remaining length (more than four bytes)");
                }
            }
            if (remaining > maxRemainingLength) {
                throw new TooLongFrameException("MQTT packet of " + remaining + " bytes is over the limit of "
                        + maxRemainingLength);
            }
            int total = headerLength + remaining;
            if (available < total) {
                return;
            }
            out.add(in.retainedSlice(start, total));
            in.skipBytes(total);
        }
    }

    /** Offset of the variable header: after the fixed header byte and the remaining length. */
    private static int variableHeaderOffset(ByteBuf frame) {
        int i = frame.readerIndex() + 1;
        while ((frame.getUnsignedByte(i) & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    /** The protocol level of a CONNECT packet: 3 for MQTT 3.1, 4 for 3.1.1, 5 for MQTT 5. */
    static int protocolLevel(ByteBuf connect) {
        int i = variableHeaderOffset(connect);
        int nameLength = connect.getUnsignedShort(i);
        return connect.getUnsignedByte(i + 2 + nameLength);
    }

    /** Reads a PUBLISH packet of MQTT 3.1 or 3.1.1 (no properties). */
    static Publish publish(ByteBuf frame) {
        int qos = (frame.getUnsignedByte(frame.readerIndex()) >> 1) & 0x03;
        int i = variableHeaderOffset(frame);
        int topicLength = frame.getUnsignedShort(i);
        String topic = frame.toString(i + 2, topicLength, StandardCharsets.UTF_8);
        int payloadStart = i + 2 + topicLength + (qos > 0 ? 2 : 0);
        int end = frame.readerIndex() + frame.readableBytes();
        byte[] payload = new byte[Math.max(0, end - payloadStart)];
        frame.getBytes(payloadStart, payload);
        return new Publish(topic, qos, payload);
    }
}
