package io.prognos.core.io.ett;

/**
 * The standard chronological split of the ETT data sets used by Informer, Autoformer, DLinear and
 * PatchTST: 12 months of training, 4 of validation and 4 of test, a month being 30 days (ETTh: 8,640 /
 * 2,880 / 2,880 hourly rows; ETTm: four times as many 15-minute rows). Validation and test segments
 * start {@code inputLength} rows before their border so that their first window's targets are the
 * first rows after it; rows beyond 20 months are not used.
 *
 * @param rowsPerMonth 720 for hourly data, 2,880 for 15-minute data
 */
public record EttSplit(int rowsPerMonth) {

    public EttSplit {
        if (rowsPerMonth < 1) {
            throw new IllegalArgumentException("rows per month must be >= 1");
        }
    }

    /** Split of hourly (ETTh1, ETTh2) or 15-minute (ETTm1, ETTm2) data, by data set name. */
    public static EttSplit forDataset(String name) {
        if (name.startsWith("ETTh")) {
            return new EttSplit(30 * 24);
        }
        if (name.startsWith("ETTm")) {
            return new EttSplit(30 * 24 * 4);
        }
        throw new IllegalArgumentException("unknown ETT data set '" + name + "'; expected ETTh1, ETTh2, ETTm1 or ETTm2");
    }

    /** End (exclusive) of the training rows, on which normalisation and models are fitted. */
    public int trainEnd() {
        return 12 * rowsPerMonth;
    }

    public int validationEnd() {
        return 16 * rowsPerMonth;
    }

    public int testEnd() {
        return 20 * rowsPerMonth;
    }

    /** First row of the validation segment's first input window. */
    public int validationStart(int inputLength) {
        return trainEnd() - inputLength;
    }

    /** First row of the test segment's first input window. */
    public int testStart(int inputLength) {
        return validationEnd() - inputLength;
    }
}
