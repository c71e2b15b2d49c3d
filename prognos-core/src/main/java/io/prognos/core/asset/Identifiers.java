package io.prognos.core.asset;

import java.util.regex.Pattern;

/** Rules for asset and sensor identifiers: they appear in URLs, MQTT topics and file names. */
public final class Identifiers {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Identifiers() {
    }

    /** Returns the identifier when it is 1-128 letters, digits, '.', '_', ':' or '-' (not leading). */
    public static String require(String id, String what) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " '" + id + "' is not valid: use 1-128 letters, digits, '.', '_', ':' "
                    + "or '-', starting with a letter or digit");
        }
        return id;
    }
}
