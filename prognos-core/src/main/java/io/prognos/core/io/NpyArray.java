package io.prognos.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one NumPy {@code .npy} file, widened to {@code double}.
 *
 * <p>{@code data} is always in C (row-major) order, whatever the file's {@code fortran_order}, so that
 * element {@code (r, c)} of a 2-D array is {@code data[r * cols() + c]}. {@code descr} keeps the file's
 * original dtype string (e.g. {@code "<f8"}, {@code ">i4"}) so that callers can tell where integers came from.
 * Values are kept exactly as read: NaN and infinities are allowed here; call {@link #requireFinite(String)}
 * when the consumer needs finite numbers.
 *
 * <p>The shape is copied; {@code data} is not (arrays can be ~100 MB), so treat it as read-only.
 *
 * @param shape the array's dimensions; empty for a 0-D (scalar) array
 * @param descr the dtype string from the file header
 * @param data  all elements in C order; its length is the product of {@code shape}
 */
public record NpyArray(int[] shape, String descr, double[] data) {

    public NpyArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(descr, "descr");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long size = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeText(shape));
            }
            size *= dimension;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " holds " + size
                    + " elements but data has " + data.length);
        }
    }

    /** A copy of the shape (the record's own array is never handed out). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions: 0 for a scalar, 1 for a vector, 2 for a matrix. */
    public int ndim() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Rows of the matrix view: {@code shape[0]}, or 1 for a scalar. Throws for more than 2 dimensions. */
    public int rows() {
        requireMatrixView("rows()");
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Columns of the matrix view: {@code shape[1]}; 1 for a scalar or a 1-D array (an n x 1 column). */
    public int cols() {
        requireMatrixView("cols()");
        return shape.length == 2 ? shape[1] : 1;
    }

    /** Element {@code (row, col)} of the matrix view. */
    public double get(int row, int col) {
        int rows = rows();
        int cols = cols();
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return data[row * cols + col];
    }

    /**
     * A fresh {@code [row][col]} matrix: a 1-D array of length n becomes n x 1, a scalar 1 x 1.
     *
     * @throws IllegalStateException for arrays with more than 2 dimensions, which have no matrix view
     */
    public double[][] toMatrix() {
        int rows = rows();
        int cols = cols();
        double[][] matrix = new double[rows][];
        for (int r = 0; r < rows; r++) {
            matrix[r] = Arrays.copyOfRange(data, r * cols, r * cols + cols);
        }
        return matrix;
    }

    /**
     * Checks that no element is NaN or infinite, for consumers that cannot handle missing values.
     *
     * @param source the file name to put in the error message
     * @return this array, for chaining
     * @throws DataFormatException naming the source and the first offending element, e.g.
     *                             {@code "train/P-1.npy: NaN at row 12, column 0"}
     */
    public NpyArray requireFinite(String source) {
        for (int i = 0; i < data.length; i++) {
            double value = data[i];
            if (!Double.isFinite(value)) {
                String what = Double.isNaN(value) ? "NaN" : (value > 0 ? "+infinity" : "-infinity");
                throw new DataFormatException(source, what + " at " + position(i));
            }
        }
        return this;
    }

    /** Human-readable position of the element at C-order index {@code flatIndex}. */
    private String position(int flatIndex) {
        if (shape.length <= 2) {
            int cols = cols();
            return "row " + flatIndex / cols + ", column " + flatIndex % cols;
        }
        int[] index = new int[shape.length];
        int remainder = flatIndex;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = remainder % shape[d];
            remainder /= shape[d];
        }
        return "index " + shapeText(index).replace('(', '[').replace(')', ']');
    }

    private void requireMatrixView(String operation) {
        if (shape.length > 2) {
            throw new IllegalStateException(operation + " needs an array of at most 2 dimensions, but shape is "
                    + shapeText(shape) + " (" + shape.length + "-D)");
        }
    }

    /** The shape as NumPy prints it: {@code ()}, {@code (5,)}, {@code (3, 4)}. */
    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder text = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            text.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        return text.append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyArray that
                && Arrays.equals(shape, that.shape)
                && descr.equals(that.descr)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + descr.hashCode()) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[shape=" + shapeText(shape) + ", descr=" + descr + "]";
    }
}
