package io.prognos.core.forecast;

/**
 * A weighted mean of two forecasters of the same horizon: {@code weight * first + (1 - weight) * second}.
 *
 * <p>Why: two forecasters of different kinds (a Transformer and a ridge regression) rarely make the same error,
 * so their mean can beat both. The weight is fitted on held-out windows ({@link #fitWeight}), never on the
 * windows it is then judged on. The blend reads as many rows as the longer of its two inputs; each part reads
 * its own most recent rows of them. Closing closes the parts that hold native memory.
 */
public final class BlendedForecaster implements Forecaster, AutoCloseable {

    private static final int MAGIC = 0x50524742; // "PRGB"
    private static final int FORMAT = 1;

    private final Forecaster first;
    private final Forecaster second;
    private final double weight;
    private final ForecastShape shape;

    /**
     * @param weight share of {@code first} in the blend, in [0, 1]
     */
    public BlendedForecaster(Forecaster first, Forecaster second, double weight) {
        if (first.shape().horizon() != second.shape().horizon()) {
            throw new IllegalArgumentException("blended forecasters must share the horizon, got " + first.shape().horizon()
                    + " (" + first.name() + ") and " + second.shape().horizon() + " (" + second.name() + ")");
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("blend weight must be in [0, 1], got " + weight);
        }
        this.first = first;
        this.second = second;
        this.weight = weight;
        this.shape = new ForecastShape(Math.max(first.shape().inputLength(), second.shape().inputLength()),
                first.shape().horizon());
    }

    /**
     * The blend whose weight minimises the mean squared error over the stride-1 windows of {@code rows} whose
     * input starts at or after {@code from} and whose targets end by {@code to}: for errors {@code e1} and
     * {@code e2} of the two parts, the error of the blend is {@code e2 + w (e1 - e2)}, a quadratic in {@code w}
     * minimised in closed form and kept within [0, 1].
     */
    public static BlendedForecaster fitWeight(Forecaster first, Forecaster second, double[][] rows, int from, int to) {
        BlendedForecaster even = new BlendedForecaster(first, second, 0.5);
        int windows = to - from - even.shape.inputLength() - even.shape.horizon() + 1;
        if (from < 0 || to > rows.length || windows < 1) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") hold no complete window of "
                    + even.shape.inputLength() + " + " + even.shape.horizon() + " to fit the blend weight on");
        }
        WindowForecasts a = new WindowForecasts(first, rows, from + even.offset(first), windows);
        WindowForecasts b = new WindowForecasts(second, rows, from + even.offset(second), windows);
        double crossed = 0;
        double spread = 0;
        for (int i = 0; i < windows; i++) {
            double[][] fa = a.get(i);
            double[][] fb = b.get(i);
            for (int h = 0; h < even.shape.horizon(); h++) {
                double[] actual = rows[from + i + even.shape.inputLength() + h];
                for (int c = 0; c < actual.length; c++) {
                    double difference = fa[h][c] - fb[h][c];
                    crossed += (fb[h][c] - actual[c]) * difference;
                    spread += difference * difference;
                }
            }
        }
        double w = spread == 0 ? 0.5 : Math.max(0, Math.min(1, -crossed / spread));
        return new BlendedForecaster(first, second, w);
    }

    public Forecaster first() {
        return first;
    }

    public Forecaster second() {
        return second;
    }

    /** Share of {@link #first()} in the blend. */
    public double weight() {
        return weight;
    }

    @Override
    public String name() {
        return first.name() + "+" + second.name();
    }

    @Override
    public ForecastShape shape() {
        return shape;
    }

    @Override
    public double[][] forecast(double[][] history) {
        Forecaster.inputStart(history, shape);
        return mix(first.forecast(history), second.forecast(history));
    }

    @Override
    public double[][][] forecastWindows(double[][] rows, int[] inputStarts) {
        double[][][] a = first.forecastWindows(rows, shifted(inputStarts, offset(first)));
        double[][][] b = second.forecastWindows(rows, shifted(inputStarts, offset(second)));
        double[][][] out = new double[inputStarts.length][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = mix(a[i], b[i]);
        }
        return out;
    }

    /** The weight followed by the parts' own serialised forms ({@code firstBytes}, {@code secondBytes}). */
    public byte[] toBytes(byte[] firstBytes, byte[] secondBytes) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeDouble(weight);
            out.writeInt(firstBytes.length);
            out.write(firstBytes);
            out.writeInt(secondBytes.length);
            out.write(secondBytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores what {@link #toBytes} wrote; the functions turn each part's bytes back into it.
     *
     * @throws IllegalArgumentException when the bytes are not a blend of this format, are truncated, or the parts'
     *                                  horizons differ
     */
    public static BlendedForecaster fromBytes(byte[] bytes, java.util.function.Function<byte[], Forecaster> restoreFirst,
                                              java.util.function.Function<byte[], Forecaster> restoreSecond) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalArgumentException("not a blended forecaster (format " + FORMAT + ")");
            }
            double weight = in.readDouble();
            byte[] firstBytes = part(in, "first");
            byte[] secondBytes = part(in, "second");
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after the blended forecaster");
            }
            Forecaster first = restoreFirst.apply(firstBytes);
            try {
                return new BlendedForecaster(first, restoreSecond.apply(secondBytes), weight);
            } catch (RuntimeException e) {
                closeQuietly(first);
                throw e;
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("truncated blended forecaster: " + e.getMessage(), e);
        }
    }

    private static byte[] part(java.io.DataInputStream in, String which) throws java.io.IOException {
        int length = in.readInt();
        if (length < 1 || length > in.available()) {
            throw new IllegalArgumentException("corrupt or truncated blended forecaster: the " + which + " part claims "
                    + length + " bytes, " + in.available() + " remain");
        }
        return in.readNBytes(length);
    }

    @Override
    public void close() {
        IllegalStateException failure = null;
        for (Forecaster part : java.util.List.of(first, second)) {
            if (part instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("closing the " + part.name() + " forecaster failed: "
                                + e.getMessage(), e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(Forecaster part) {
        if (part instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the failure being reported matters more than this one
            }
        }
    }

    /** Rows of the blend's input that a part does not read (it reads the most recent ones). */
    private int offset(Forecaster part) {
        return shape.inputLength() - part.shape().inputLength();
    }

    private static int[] shifted(int[] starts, int by) {
        int[] out = new int[starts.length];
        for (int i = 0; i < starts.length; i++) {
            out[i] = starts[i] + by;
        }
        return out;
    }

    private double[][] mix(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int h = 0; h < a.length; h++) {
            out[h] = new double[a[h].length];
            for (int c = 0; c < a[h].length; c++) {
                out[h][c] = weight * a[h][c] + (1 - weight) * b[h][c];
            }
        }
        return out;
    }
}
