package io.prognos.core.io.telemanom;

import java.util.Objects;

/**
 * The train and test arrays of one Telemanom channel, both {@code [sample][column]} with the same number of
 * columns. Column 0 is the telemetry value the model predicts; the other columns (24 for SMAP) are one-hot
 * encoded commands sent to the spacecraft. The arrays are not copied; treat them as read-only.
 *
 * @param chanId channel identifier, e.g. {@code P-1}
 * @param train  the nominal series the model is fitted on
 * @param test   the series the labelled anomalies index into
 */
public record TelemanomChannel(String chanId, double[][] train, double[][] test) {

    /** Index of the telemetry value column. */
    public static final int VALUE_COLUMN = 0;

    public TelemanomChannel {
        Objects.requireNonNull(chanId, "chanId");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /** Number of columns (telemetry value plus command columns); 0 if both arrays are empty. */
    public int width() {
        return train.length > 0 ? train[0].length : test.length > 0 ? test[0].length : 0;
    }

    /** A copy of the telemetry values (column 0) of the training series. */
    public double[] trainValues() {
        return column(train, VALUE_COLUMN);
    }

    /** A copy of the telemetry values (column 0) of the test series. */
    public double[] testValues() {
        return column(test, VALUE_COLUMN);
    }

    private static double[] column(double[][] rows, int index) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][index];
        }
        return values;
    }
}
