package io.prognos.core.io;

import static io.prognos.core.io.NpyTestFiles.encode;
import static io.prognos.core.io.NpyTestFiles.float64;
import static io.prognos.core.io.NpyTestFiles.gzip;
import static io.prognos.core.io.NpyTestFiles.header;
import static io.prognos.core.io.NpyTestFiles.npy;
import static io.prognos.core.io.NpyTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyReaderTest {

    /** A 2 x 3 matrix per dtype, with values that are exact in that dtype and all different. */
    private static final double[][] FLOAT_MATRIX = {{-1.5, 2.25, 3.0}, {4.5, -5.75, 1.0e6}};
    private static final double[][] INT_MATRIX = {{-1, 2, 300_000}, {4, -5, 2_000_000_000}};
    private static final double[][] LONG_MATRIX = {{-1, 2, 1L << 40}, {4, -(1L << 50), 7}};

    @TempDir
    Path dir;

    static Stream<Arguments> everySupportedLayout() {
        List<Arguments> cases = new ArrayList<>();
        for (String typeCode : List.of("f4", "f8", "i4", "i8")) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                for (boolean fortran : List.of(false, true)) {
                    for (int version = 1; version <= 3; version++) {
                        for (boolean gzipped : List.of(false, true)) {
                            cases.add(Arguments.of(typeCode, order, fortran, version, gzipped));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} fortran={2} v{3} gzip={4}")
    @MethodSource("everySupportedLayout")
    void reads2dArraysOfEverySupportedLayout(String typeCode, ByteOrder order, boolean fortran, int version,
                                            boolean gzipped) throws IOException {
        double[][] expected = matrixFor(typeCode);
        double[] fileOrder = fortran ? fortranOrder(expected) : cOrder(expected);
        String descr = (order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + typeCode;
        byte[] file = npy(version, header(descr, fortran, "(2, 3)"), encode(typeCode, order, fileOrder));
        Path path = write(dir.resolve("m.npy"), gzipped ? gzip(file) : file);

        NpyArray array = NpyReader.read(path);

        assertThat(array.shape()).containsExactly(2, 3);
        assertThat(array.descr()).isEqualTo(descr);
        assertThat(array.rows()).isEqualTo(2);
        assertThat(array.cols()).isEqualTo(3);
        assertThat(array.data()).containsExactly(cOrder(expected));
        assertThat(array.toMatrix()).isDeepEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} v{3} gzip={4}")
    @MethodSource("everySupportedLayout")
    void reads1dArraysAsOneColumn(String typeCode, ByteOrder order, boolean fortran, int version,
                                  boolean gzipped) throws IOException {
        double[] expected = matrixFor(typeCode)[1];
        String descr = (order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + typeCode;
        byte[] file = npy(version, header(descr, fortran, "(3,)"), encode(typeCode, order, expected));
        Path path = write(dir.resolve("v.npy"), gzipped ? gzip(file) : file);

        NpyArray array = NpyReader.read(path);

        assertThat(array.shape()).containsExactly(3);
        assertThat(array.data()).containsExactly(expected);
        assertThat(array.rows()).isEqualTo(3);
        assertThat(array.cols()).isEqualTo(1);
        assertThat(array.toMatrix()).isDeepEqualTo(new double[][] {{expected[0]}, {expected[1]}, {expected[2]}});
    }

    @Test
    void detectsGzipByContentNotByName() throws IOException {
        Path path = write(dir.resolve("no-suffix.npy"), gzip(float64("(2,)", 0.5, 7.0)));
        Path misnamed = write(dir.resolve("plain.npy.gz"), float64("(2,)", 0.5, 7.0));

        assertThat(NpyReader.read(path).data()).containsExactly(0.5, 7.0);
        assertThat(NpyReader.read(misnamed).data()).containsExactly(0.5, 7.0);
    }

    @Test
    void readsScalarAndEmptyArrays() throws IOException {
        NpyArray scalar = NpyReader.read(write(dir.resolve("s.npy"), float64("()", 42.0)));
        NpyArray empty = NpyReader.read(write(dir.resolve("e.npy"), float64("(0, 25)")));

        assertThat(scalar.ndim()).isZero();
        assertThat(scalar.toMatrix()).isDeepEqualTo(new double[][] {{42.0}});
        assertThat(empty.shape()).containsExactly(0, 25);
        assertThat(empty.cols()).isEqualTo(25);
        assertThat(empty.toMatrix()).isEmpty();
    }

    @Test
    void converts3dFortranOrderToCOrderAndKeepsTheShape() throws IOException {
        int[] shape = {2, 3, 4};
        double[] fortran = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
                }
            }
        }
        byte[] file = npy(1, header("<f8", true, "(2, 3, 4)"), encode("f8", ByteOrder.LITTLE_ENDIAN, fortran));

        NpyArray array = NpyReader.read(write(dir.resolve("cube.npy"), file));

        assertThat(array.shape()).containsExactly(shape);
        assertThat(array.data()[0]).isEqualTo(0.0);
        assertThat(array.data()[1]).isEqualTo(1.0);
        assertThat(array.data()[4]).isEqualTo(10.0);
        assertThat(array.data()[12]).isEqualTo(100.0);
        assertThat(array.data()[23]).isEqualTo(123.0);
        assertThatThrownBy(array::toMatrix).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(2, 3, 4)").hasMessageContaining("3-D");
    }

    @Test
    void readsTheSmallIntegerAndBooleanTypes() throws IOException {
        byte[] unsignedBytes = npy(1, header("|u1", false, "(3,)"), new byte[] {0, 127, (byte) 255});
        byte[] signedBytes = npy(1, header("|i1", false, "(2,)"), new byte[] {-128, 5});
        byte[] bigShorts = npy(1, header(">i2", false, "(2,)"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x01, 0x00});
        byte[] bigUnsignedShorts = npy(1, header(">u2", false, "(1,)"), new byte[] {(byte) 0xff, (byte) 0xfe});
        byte[] unsignedInts = npy(1, header("<u4", false, "(1,)"), new byte[] {-1, -1, -1, -1});
        byte[] booleans = npy(1, header("|b1", false, "(3,)"), new byte[] {1, 0, 1});

        assertThat(read("u1.npy", unsignedBytes).data()).containsExactly(0, 127, 255);
        assertThat(read("i1.npy", signedBytes).data()).containsExactly(-128, 5);
        assertThat(read("i2.npy", bigShorts).data()).containsExactly(-2, 256);
        assertThat(read("u2.npy", bigUnsignedShorts).data()).containsExactly(65534);
        assertThat(read("u4.npy", unsignedInts).data()).containsExactly(4294967295.0);
        assertThat(read("b1.npy", booleans).data()).containsExactly(1, 0, 1);
    }

    @Test
    void takesNativeByteOrderAsLittleEndian() throws IOException {
        byte[] file = npy(1, header("=i4", false, "(1,)"), encode("i4", ByteOrder.LITTLE_ENDIAN, 123456));

        assertThat(read("native.npy", file).data()).containsExactly(123456);
    }

    @Test
    void parsesHeadersInAnyReasonableSpelling() throws IOException {
        byte[] data = encode("f8", ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4);
        List<String> headers = List.of(
                "{'descr':'<f8','fortran_order':False,'shape':(2,2)}",
                "{ \"shape\" : ( 2 , 2 , ) ,\n \"descr\" : \"<f8\" , \"fortran_order\" : False , }",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 2L), }",
                "{'descr': '<f8', 'fortran_order': False, 'shape': [2, 2]}");
        for (String header : headers) {
            NpyArray array = read("h.npy", npy(1, header, data));
            assertThat(array.toMatrix()).as(header).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
        }
    }

    @Test
    void keepsNaNAndInfinityButRequireFiniteNamesTheirPosition() throws IOException {
        Path path = write(dir.resolve("nan.npy"), float64("(2, 3)", 1, 2, 3, 4, 5, Double.NaN));
        Path infinite = write(dir.resolve("inf.npy"), float64("(2, 2)", 1, Double.NEGATIVE_INFINITY, 3, 4));

        NpyArray array = NpyReader.read(path);

        assertThat(array.data()[5]).isNaN();
        assertThatThrownBy(() -> array.requireFinite(path.toString()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(path + ": NaN at row 1, column 2");
        assertThatThrownBy(() -> NpyReader.read(infinite).requireFinite(infinite.toString()))
                .hasMessage(infinite + ": -infinity at row 0, column 1");
        assertThat(NpyReader.read(write(dir.resolve("ok.npy"), float64("(1,)", 3))).requireFinite("ok"))
                .isNotNull();
    }

    // ---- broken files -------------------------------------------------------------------------------------

    @Test
    void rejectsBadMagic() {
        byte[] file = float64("(1,)", 1.0);
        file[1] = 'X';
        assertFailure("magic.npy", file, "bad magic bytes", "found 935855");
        assertFailure("text.npy", "a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII), "not a .npy file");
        assertFailure("empty.npy", new byte[0], "an empty file");
    }

    @Test
    void rejectsUnsupportedVersions() {
        byte[] file = float64("(1,)", 1.0);
        file[6] = 4;
        assertFailure("v4.npy", file, "unsupported .npy format version 4.0");
        file[6] = 1;
        file[7] = 1;
        assertFailure("v11.npy", file, "unsupported .npy format version 1.1");
    }

    @Test
    void rejectsTruncatedDataSayingExpectedAndActualBytes() {
        byte[] file = float64("(2, 3)", 1, 2, 3, 4, 5, 6);
        byte[] truncated = Arrays.copyOf(file, file.length - 5);
        assertFailure("trunc.npy", truncated, "truncated data", "(2, 3)", "needs 48 bytes", "only 43 bytes");
    }

    @Test
    void rejectsDataLongerThanTheShape() {
        byte[] file = npy(1, header("<f8", false, "(2,)"), encode("f8", ByteOrder.LITTLE_ENDIAN, 1, 2, 3));
        assertFailure("long.npy", file, "shape mismatch", "needs 16 bytes", "has 24");
    }

    @Test
    void rejectsTruncatedGzip() {
        byte[] compressed = gzip(float64("(100,)", new double[100]));
        assertFailure("cut.npy.gz", Arrays.copyOf(compressed, compressed.length / 2), "gzip data is corrupt or truncated");
    }

    @Test
    void rejectsUnsupportedDtypesNamingThem() {
        byte[] sixteen = new byte[16];
        assertFailure("complex.npy", npy(1, header("<c16", false, "(1,)"), sixteen), "unsupported dtype '<c16'", "complex");
        assertFailure("object.npy", npy(1, header("|O", false, "(2,)"), sixteen), "unsupported dtype '|O'", "object arrays");
        assertFailure("string.npy", npy(1, header("<U4", false, "(1,)"), sixteen), "unsupported dtype '<U4'", "string");
        assertFailure("half.npy", npy(1, header("<f2", false, "(1,)"), new byte[2]), "unsupported dtype '<f2'");
        assertFailure("structured.npy",
                npy(1, "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }", sixteen),
                "unsupported dtype", "structured dtypes");
    }

    @Test
    void decodesVersion3HeadersAsUtf8() {
        String structured = "{'descr': [('\u6e29\u5ea6', '<f8')], 'fortran_order': False, 'shape': (1,), }";
        assertFailure("utf8.npy", npy(3, structured, new byte[8]), "unsupported dtype [[\u6e29\u5ea6, <f8]]");
    }

    @Test
    void rejectsMalformedHeaders() {
        byte[] eight = new byte[8];
        assertFailure("unclosed.npy", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", eight),
                "malformed header", "expected ',' or '}'");
        assertFailure("noshape.npy", npy(1, "{'descr': '<f8', 'fortran_order': False}", eight),
                "malformed header", "missing key 'shape'");
        assertFailure("extra.npy", npy(1, header("<f8", false, "(1,)").replace("}", "'x': 1}"), eight),
                "malformed header", "unexpected key 'x'");
        assertFailure("badshape.npy", npy(1, header("<f8", false, "'one'"), eight),
                "malformed header", "'shape' must be a tuple");
        assertFailure("negative.npy", npy(1, header("<f8", false, "(-1,)"), eight),
                "malformed header", "non-negative");
        assertFailure("fortran.npy", npy(1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", eight),
                "malformed header", "'fortran_order' must be True or False");
        assertFailure("list.npy", npy(1, "['descr', '<f8']", eight), "malformed header", "expected a dict");
        assertFailure("junk.npy", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk", eight),
                "malformed header", "unexpected text after the literal");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() {
        byte[] file = float64("(1,)", 1.0);
        file[8] = (byte) 0xff;
        file[9] = (byte) 0x7f;
        assertFailure("long-header.npy", file, "malformed header", "header length 32767 runs past the end");
    }

    private NpyArray read(String name, byte[] content) throws IOException {
        return NpyReader.read(write(dir.resolve(name), content));
    }

    private void assertFailure(String name, byte[] content, String... expectedFragments) {
        Path path = write(dir.resolve(name), content);
        assertThatThrownBy(() -> NpyReader.read(path))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(path + ": ")
                .hasMessageContainingAll(expectedFragments)
                .satisfies(e -> assertThat(((DataFormatException) e).source()).isEqualTo(path.toString()));
    }

    private static double[][] matrixFor(String typeCode) {
        return switch (typeCode) {
            case "f4", "f8" -> FLOAT_MATRIX;
            case "i4" -> INT_MATRIX;
            default -> LONG_MATRIX;
        };
    }

    private static double[] cOrder(double[][] matrix) {
        return Arrays.stream(matrix).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] fortranOrder(double[][] matrix) {
        double[] out = new double[matrix.length * matrix[0].length];
        int next = 0;
        for (int c = 0; c < matrix[0].length; c++) {
            for (double[] row : matrix) {
                out[next++] = row[c];
            }
        }
        return out;
    }
}
