package io.prognos.core.features;

import java.time.LocalDate;

/**
 * Calendar features of an epoch-millisecond timestamp in UTC, each encoded as a point on the unit circle (sin, cos)
 * so that the end of a cycle sits next to its start (23:59 next to 00:00, Sunday next to Monday).
 * Time of day is a fraction of 24 hours (06:00 is angle pi/2), day of week counts Monday as 0 of 7, and day of year
 * is (day - 1) divided by the length of that year (365 or 366).
 */
final class CalendarEncoding {

    private static final long DAY_MILLIS = 86_400_000L;

    private CalendarEncoding() {
    }

    /** Writes {@link FeatureSet#CALENDAR_COLUMNS} values at {@code offset}. */
    static void encodeInto(long epochMillis, double[] out, int offset) {
        long day = Math.floorDiv(epochMillis, DAY_MILLIS);
        double dayFraction = Math.floorMod(epochMillis, DAY_MILLIS) / (double) DAY_MILLIS;
        int dayOfWeek = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday, Monday = 0
        LocalDate date = LocalDate.ofEpochDay(day);
        double yearFraction = (date.getDayOfYear() - 1) / (double) date.lengthOfYear();
        put(out, offset, dayFraction);
        put(out, offset + 2, dayOfWeek / 7.0);
        put(out, offset + 4, yearFraction);
    }

    private static void put(double[] out, int offset, double fraction) {
        double angle = 2 * Math.PI * fraction;
        out[offset] = Math.sin(angle);
        out[offset + 1] = Math.cos(angle);
    }
}
