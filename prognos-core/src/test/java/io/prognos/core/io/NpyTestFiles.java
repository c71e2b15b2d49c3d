package io.prognos.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Builds {@code .npy} files byte by byte for tests, following the format description (magic, version,
 * little-endian header length, space-padded header dict ending in a newline, raw data), so the reader is
 * tested against the specification rather than against itself.
 */
public final class NpyTestFiles {

    private NpyTestFiles() {
    }

    /** A complete file: {@code headerDict} is written verbatim, padded to a multiple of 64 bytes. */
    public static byte[] npy(int majorVersion, String headerDict, byte[] data) {
        byte[] header = headerDict.getBytes(majorVersion == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthFieldSize = majorVersion == 1 ? 2 : 4;
        int prefix = 6 + 2 + lengthFieldSize;
        int padded = ((prefix + header.length + 1 + 63) / 64) * 64 - prefix;
        ByteBuffer out = ByteBuffer.allocate(prefix + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.put((byte) majorVersion).put((byte) 0);
        if (majorVersion == 1) {
            out.putShort((short) padded);
        } else {
            out.putInt(padded);
        }
        out.put(header);
        for (int i = header.length; i < padded - 1; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        out.put(data);
        return out.array();
    }

    /** The header dict as NumPy writes it, e.g. {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }}. */
    public static String header(String descr, boolean fortranOrder, String shapeLiteral) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shapeLiteral + ", }";
    }

    /** A version 1.0, C-order, little-endian float64 file holding {@code values} with the given shape. */
    public static byte[] float64(String shapeLiteral, double... values) {
        return npy(1, header("<f8", false, shapeLiteral), encode("f8", ByteOrder.LITTLE_ENDIAN, values));
    }

    /** Encodes {@code values} (in the order given) as elements of type f4, f8, i4 or i8. */
    public static byte[] encode(String typeCode, ByteOrder order, double... values) {
        int size = Integer.parseInt(typeCode.substring(1));
        ByteBuffer out = ByteBuffer.allocate(values.length * size).order(order);
        for (double value : values) {
            switch (typeCode) {
                case "f4" -> out.putFloat((float) value);
                case "f8" -> out.putDouble(value);
                case "i4" -> out.putInt((int) value);
                case "i8" -> out.putLong((long) value);
                default -> throw new IllegalArgumentException(typeCode);
            }
        }
        return out.array();
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
