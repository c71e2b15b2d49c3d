package io.prognos.pipeline;

import io.prognos.core.detect.telemanom.ThresholdMethod;
import io.prognos.core.detect.telemanom.ThresholdSettings;

import java.util.Locale;

/**
 * Reads a detector's threshold choice from {@code prognos.yaml} ({@code training.threshold},
 * {@code training.threshold_risk}) or the command line, with errors that name the key or option.
 */
public final class ThresholdChoice {

    private ThresholdChoice() {
    }

    /**
     * The settings over {@code base}: {@code method} is telemanom, spot, dspot or gev (null keeps the base's);
     * {@code risk}, for the extreme-value methods, is the chance a normal error passes the level (null keeps it).
     *
     * @throws IllegalArgumentException naming {@code methodKey} or {@code riskKey}
     */
    public static ThresholdSettings of(ThresholdSettings base, String method, Double risk, String methodKey,
                                       String riskKey) {
        ThresholdSettings settings = base;
        if (method != null) {
            try {
                settings = settings.withMethod(ThresholdMethod.valueOf(method.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(methodKey + " '" + method + "' is not one of telemanom, spot, dspot, gev");
            }
        }
        if (risk != null) {
            if (settings.method() == ThresholdMethod.TELEMANOM) {
                throw new IllegalArgumentException(riskKey + " is only used by the spot, dspot and gev thresholds");
            }
            try {
                settings = settings.withRisk(risk);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(riskKey + ": " + e.getMessage());
            }
        }
        return settings;
    }
}
