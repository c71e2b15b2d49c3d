package io.prognos.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * A supported NumPy element type ({@code f4, f8, i1, i2, i4, i8, u1, u2, u4, b1}) with its byte order,
 * and the code that widens a block of such elements to {@code double}.
 */
record NpyDtype(char kind, int itemSize, ByteOrder order) {

    /**
     * Interprets a dtype string such as {@code "<f8"}, {@code ">i4"}, {@code "|u1"} or {@code "=f4"}.
     * {@code '='} (native) is taken as little-endian, the byte order of every platform NumPy writes on in
     * practice; {@code '|'} (not applicable) is only accepted for 1-byte types.
     */
    static NpyDtype parse(String descr, String source) {
        if (descr.length() < 2) {
            throw unsupported(descr, source, "not a NumPy type string");
        }
        char orderChar = descr.charAt(0);
        String typeCode = "<>|=".indexOf(orderChar) >= 0 ? descr.substring(1) : descr;
        if (typeCode.isEmpty()) {
            throw unsupported(descr, source, "not a NumPy type string");
        }
        char kind = typeCode.charAt(0);
        int itemSize;
        try {
            itemSize = typeCode.length() == 1 ? 0 : Integer.parseInt(typeCode.substring(1));
        } catch (NumberFormatException e) {
            throw unsupported(descr, source, "not a simple numeric type");
        }
        if (!isSupported(kind, itemSize)) {
            throw unsupported(descr, source, describeUnsupported(kind));
        }
        if (orderChar == '|' && itemSize > 1) {
            throw unsupported(descr, source, "byte order '|' is only valid for 1-byte types");
        }
        ByteOrder order = orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NpyDtype(kind, itemSize, order);
    }

    private static boolean isSupported(char kind, int itemSize) {
        switch (kind) {
            case 'f':
                return itemSize == 4 || itemSize == 8;
            case 'i':
                return itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            case 'u':
                return itemSize == 1 || itemSize == 2 || itemSize == 4;
            case 'b':
                return itemSize == 1;
            default:
                return false;
        }
    }

    private static String describeUnsupported(char kind) {
        switch (kind) {
            case 'O':
                return "object arrays are not supported (they hold pickled Python objects)";
            case 'c':
                return "complex numbers are not supported";
            case 'U':
            case 'S':
            case 'a':
                return "string arrays are not supported";
            case 'M':
            case 'm':
                return "datetime arrays are not supported";
            case 'V':
                return "structured/void dtypes are not supported";
            default:
                return "supported types are f4, f8, i1, i2, i4, i8, u1, u2, u4 and b1";
        }
    }

    private static DataFormatException unsupported(String descr, String source, String why) {
        return new DataFormatException(source, "unsupported dtype '" + descr + "': " + why);
    }

    /** Widens {@code count} consecutive elements starting at {@code bytes}' position, in file order. */
    double[] decode(ByteBuffer bytes, int count) {
        ByteBuffer view = bytes.slice().order(order);
        double[] values = new double[count];
        switch (kind) {
            case 'f':
                if (itemSize == 8) {
                    DoubleBuffer doubles = view.asDoubleBuffer();
                    doubles.get(values);
                } else {
                    FloatBuffer floats = view.asFloatBuffer();
                    for (int i = 0; i < count; i++) {
                        values[i] = floats.get(i);
                    }
                }
                return values;
            case 'i':
                decodeSigned(view, values);
                return values;
            case 'u':
                decodeUnsigned(view, values);
                return values;
            case 'b':
                for (int i = 0; i < count; i++) {
                    values[i] = view.get(i) != 0 ? 1.0 : 0.0;
                }
                return values;
            default:
                throw new IllegalStateException("unreachable dtype kind " + kind);
        }
    }

    private void decodeSigned(ByteBuffer view, double[] values) {
        int count = values.length;
        switch (itemSize) {
            case 1:
                for (int i = 0; i < count; i++) {
                    values[i] = view.get(i);
                }
                break;
            case 2:
                ShortBuffer shorts = view.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = shorts.get(i);
                }
                break;
            case 4:
                IntBuffer ints = view.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = ints.get(i);
                }
                break;
            default:
                LongBuffer longs = view.asLongBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = longs.get(i);
                }
        }
    }

    private void decodeUnsigned(ByteBuffer view, double[] values) {
        int count = values.length;
        switch (itemSize) {
            case 1:
                for (int i = 0; i < count; i++) {
                    values[i] = Byte.toUnsignedInt(view.get(i));
                }
                break;
            case 2:
                ShortBuffer shorts = view.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = Short.toUnsignedInt(shorts.get(i));
                }
                break;
            default:
                IntBuffer ints = view.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = Integer.toUnsignedLong(ints.get(i));
                }
        }
    }
}
