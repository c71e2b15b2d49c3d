package io.prognos.core.transform;

/**
 * What resampling does with a stretch of the regular grid that has no reading.
 *
 * <ul>
 *   <li>{@link #LEAVE}: the slots stay missing (NaN); nothing is invented.</li>
 *   <li>{@link #INTERPOLATE}: gaps up to the limit are filled by linear interpolation and flagged as
 *       imputed; longer gaps stay missing.</li>
 *   <li>{@link #SPLIT}: gaps up to the limit are interpolated and flagged as with {@code INTERPOLATE};
 *       a longer gap ends the series there and a new segment starts after it, so no model window
 *       ever spans it.</li>
 * </ul>
 */
public enum GapPolicy {
    LEAVE, INTERPOLATE, SPLIT;

    /** The policy named case-insensitively, with the valid names in the error. */
    public static GapPolicy parse(String name) {
        for (GapPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown gap policy '" + name + "'; use leave, interpolate or split");
    }
}
