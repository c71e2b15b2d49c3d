package io.prognos.core.io;

import java.util.Locale;

/**
 * Parses numbers as data files write them: plain decimals with an optional exponent, plus the special
 * values NaN and infinity in the spellings of Python, NumPy, pandas and Java ({@code nan}, {@code inf},
 * {@code -inf}, {@code Infinity}, any case). Unlike {@link Double#parseDouble} it rejects Java-only forms
 * such as hexadecimal floats and {@code d}/{@code f} suffixes, which in a data file signal corruption.
 */
final class NumberText {

    private NumberText() {
    }

    /**
     * @param text a trimmed, non-empty field
     * @throws NumberFormatException when the text is not a number
     */
    static double parseDouble(String text) {
        char first = text.charAt(0);
        if (!Character.isDigit(first) && first != '.') {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "nan":
                case "+nan":
                case "-nan":
                    return Double.NaN;
                case "inf":
                case "+inf":
                case "infinity":
                case "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf":
                case "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!allowed) {
                throw new NumberFormatException("not a number: " + text);
            }
        }
        return Double.parseDouble(text);
    }
}
