package io.prognos.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), plain or gzip-compressed, into an
 * {@link NpyArray}. This is how Telemanom-style datasets ship their telemetry, and it avoids a Python
 * round trip or a native dependency.
 *
 * <p>Supported element types are {@code f4, f8, i4, i8} (plus {@code i1, i2, u1, u2, u4, b1}) in either byte
 * order; Fortran-ordered arrays are converted to C order; any number of dimensions is read (only the matrix
 * view of {@link NpyArray} is limited to 2-D). Object arrays, structured dtypes, complex and string types are
 * rejected. Every problem is reported as a {@link DataFormatException} naming the file.
 *
 * <p>The header dict (e.g. {@code {'descr': '<f8', 'fortran_order': False, 'shape': (8505, 25), }}) is parsed
 * as a Python literal, so whitespace, trailing commas, {@code (5,)} and {@code ()} are all fine.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Set<String> HEADER_KEYS = Set.of("descr", "fortran_order", "shape");
    /** Largest element count a Java array can hold safely. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private NpyReader() {
    }

    /** Reads a {@code .npy} file; gzip is detected from the content, not the name. */
    public static NpyArray read(Path path) throws IOException {
        return parse(GzipDetectingInput.readAllBytes(path), path.toString());
    }

    /**
     * Decodes the bytes of a (decompressed) {@code .npy} file.
     *
     * @param source names the data in error messages, normally the file path
     */
    public static NpyArray parse(byte[] content, String source) {
        checkMagic(content, source);
        int major = Byte.toUnsignedInt(content[6]);
        int minor = Byte.toUnsignedInt(content[7]);
        if (minor != 0 || major < 1 || major > 3) {
            throw new DataFormatException(source, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthFieldSize = major == 1 ? 2 : 4;
        int headerStart = MAGIC.length + 2 + lengthFieldSize;
        if (content.length < headerStart) {
            throw new DataFormatException(source, "malformed header: the file ends inside the header length field");
        }
        ByteBuffer littleEndian = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1
                ? Short.toUnsignedInt(littleEndian.getShort(8))
                : Integer.toUnsignedLong(littleEndian.getInt(8));
        if (headerStart + headerLength > content.length) {
            throw new DataFormatException(source, "malformed header: header length " + headerLength
                    + " runs past the end of the file (" + content.length + " bytes)");
        }
        Charset headerCharset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String headerText = new String(content, headerStart, (int) headerLength, headerCharset);
        int dataStart = headerStart + (int) headerLength;

        Map<String, Object> header = parseHeaderDict(headerText, source);
        NpyDtype dtype = dtypeOf(header.get("descr"), source);
        String descr = (String) header.get("descr");
        boolean fortranOrder = fortranOrderOf(header.get("fortran_order"), source);
        int[] shape = shapeOf(header.get("shape"), source);

        long elementCount = elementCount(shape, source);
        long expectedBytes = elementCount * dtype.itemSize();
        long actualBytes = content.length - (long) dataStart;
        if (actualBytes < expectedBytes) {
            throw new DataFormatException(source, "truncated data: shape " + NpyArray.shapeText(shape) + " of '"
                    + descr + "' needs " + expectedBytes + " bytes but the file has only " + actualBytes
                    + " bytes after the header");
        }
        if (actualBytes > expectedBytes) {
            throw new DataFormatException(source, "shape mismatch: shape " + NpyArray.shapeText(shape) + " of '"
                    + descr + "' needs " + expectedBytes + " bytes but the file has " + actualBytes
                    + " bytes after the header");
        }
        double[] values = dtype.decode(ByteBuffer.wrap(content, dataStart, (int) expectedBytes), (int) elementCount);
        if (fortranOrder && shape.length > 1) {
            values = fortranToC(values, shape);
        }
        return new NpyArray(shape, descr, values);
    }

    private static void checkMagic(byte[] content, String source) {
        boolean matches = content.length >= MAGIC.length + 2;
        for (int i = 0; matches && i < MAGIC.length; i++) {
            matches = content[i] == MAGIC[i];
        }
        if (!matches) {
            StringBuilder found = new StringBuilder();
            for (int i = 0; i < Math.min(6, content.length); i++) {
                found.append(String.format("%02x", content[i]));
            }
            throw new DataFormatException(source, "not a .npy file: bad magic bytes (expected 934e554d5059"
                    + " = \\x93NUMPY, found " + (found.length() == 0 ? "an empty file" : found) + ")");
        }
    }

    private static Map<String, Object> parseHeaderDict(String headerText, String source) {
        Object literal;
        try {
            literal = PythonLiteralParser.parse(headerText);
        } catch (PythonLiteralParser.SyntaxError e) {
            throw malformed(source, e.getMessage() + " in " + quoted(headerText));
        }
        if (!(literal instanceof Map)) {
            throw malformed(source, "expected a dict but found " + quoted(headerText));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) literal;
        for (String key : HEADER_KEYS) {
            if (!header.containsKey(key)) {
                throw malformed(source, "missing key '" + key + "' in " + quoted(headerText));
            }
        }
        for (String key : header.keySet()) {
            if (!HEADER_KEYS.contains(key)) {
                throw malformed(source, "unexpected key '" + key + "' in " + quoted(headerText));
            }
        }
        return header;
    }

    private static NpyDtype dtypeOf(Object descr, String source) {
        if (descr instanceof List) {
            throw new DataFormatException(source, "unsupported dtype " + descr
                    + ": structured dtypes (record arrays) are not supported");
        }
        if (!(descr instanceof String)) {
            throw malformed(source, "'descr' must be a string, found " + descr);
        }
        return NpyDtype.parse((String) descr, source);
    }

    private static boolean fortranOrderOf(Object value, String source) {
        if (!(value instanceof Boolean)) {
            throw malformed(source, "'fortran_order' must be True or False, found " + value);
        }
        return (Boolean) value;
    }

    private static int[] shapeOf(Object value, String source) {
        if (!(value instanceof List)) {
            throw malformed(source, "'shape' must be a tuple of integers, found " + value);
        }
        List<?> dimensions = (List<?>) value;
        int[] shape = new int[dimensions.size()];
        for (int d = 0; d < shape.length; d++) {
            Object dimension = dimensions.get(d);
            if (!(dimension instanceof Long) || (Long) dimension < 0 || (Long) dimension > Integer.MAX_VALUE) {
                throw malformed(source, "'shape' must be a tuple of non-negative integers, found " + value);
            }
            shape[d] = ((Long) dimension).intValue();
        }
        return shape;
    }

    private static long elementCount(int[] shape, String source) {
        long count = 1;
        for (int dimension : shape) {
            count *= dimension;
            if (count > MAX_ELEMENTS) {
                throw new DataFormatException(source, "array of shape " + NpyArray.shapeText(shape)
                        + " is too large to load (more than " + MAX_ELEMENTS + " elements)");
            }
        }
        return count;
    }

    /**
     * Reorders elements from Fortran order (first index varies fastest) to C order (last index varies
     * fastest) by walking the Fortran layout with an odometer over the indices.
     */
    static double[] fortranToC(double[] fortran, int[] shape) {
        int ndim = shape.length;
        int[] cStrides = new int[ndim];
        int stride = 1;
        for (int d = ndim - 1; d >= 0; d--) {
            cStrides[d] = stride;
            stride *= shape[d];
        }
        double[] c = new double[fortran.length];
        int[] index = new int[ndim];
        int cIndex = 0;
        for (double value : fortran) {
            c[cIndex] = value;
            for (int d = 0; d < ndim; d++) {
                index[d]++;
                cIndex += cStrides[d];
                if (index[d] < shape[d]) {
                    break;
                }
                cIndex -= shape[d] * cStrides[d];
                index[d] = 0;
            }
        }
        return c;
    }

    private static DataFormatException malformed(String source, String detail) {
        return new DataFormatException(source, "malformed header: " + detail);
    }

    private static String quoted(String headerText) {
        String trimmed = headerText.strip();
        return "\"" + (trimmed.length() > 200 ? trimmed.substring(0, 200) + "..." : trimmed) + "\"";
    }
}
