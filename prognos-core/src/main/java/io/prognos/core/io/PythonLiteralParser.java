package io.prognos.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literal syntax used in {@code .npy} headers: dicts, tuples, lists,
 * single- or double-quoted strings, integers (with an optional Python 2 {@code L} suffix), {@code True},
 * {@code False} and {@code None}. Whitespace and trailing commas are allowed wherever Python allows them.
 *
 * <p>Results: {@code Map<String, Object>} (insertion-ordered), {@code List<Object>} for tuples and lists,
 * {@code String}, {@code Long}, {@code Boolean}, and {@code null} for None.
 */
final class PythonLiteralParser {

    /** Thrown for any syntax error; the message says what was expected and where. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    private final String text;
    private int position;

    private PythonLiteralParser(String text) {
        this.text = text;
    }

    /** Parses {@code text} as exactly one literal (surrounding whitespace allowed). */
    static Object parse(String text) throws SyntaxError {
        PythonLiteralParser parser = new PythonLiteralParser(text);
        Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.error("unexpected text after the literal");
        }
        return value;
    }

    private Object value() throws SyntaxError {
        skipWhitespace();
        if (position >= text.length()) {
            throw error("expected a value but the text ended");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return dict();
            case '(':
                return sequence('(', ')');
            case '[':
                return sequence('[', ']');
            case '\'':
            case '"':
                return string(c);
            default:
                if (c == '-' || c == '+' || Character.isDigit(c)) {
                    return integer();
                }
                if (Character.isLetter(c)) {
                    return keyword();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> dict() throws SyntaxError {
        expect('{');
        Map<String, Object> entries = new LinkedHashMap<>();
        while (true) {
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return entries;
            }
            Object key = value();
            if (!(key instanceof String)) {
                throw error("dict keys must be strings");
            }
            skipWhitespace();
            expect(':');
            Object entryValue = value();
            if (entries.containsKey(key)) {
                throw error("duplicate key '" + key + "'");
            }
            entries.put((String) key, entryValue);
            if (!commaOrEnd('}')) {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char open, char close) throws SyntaxError {
        expect(open);
        List<Object> items = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (peek() == close) {
                position++;
                return items;
            }
            items.add(value());
            if (!commaOrEnd(close)) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    /** Consumes a ',' (returns true) or leaves the closing bracket for the caller (returns true); else false. */
    private boolean commaOrEnd(char close) {
        skipWhitespace();
        char c = peek();
        if (c == ',') {
            position++;
            return true;
        }
        return c == close;
    }

    private String string(char quote) throws SyntaxError {
        int start = position;
        position++;
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\' && position < text.length()) {
                c = text.charAt(position++);
            }
            value.append(c);
        }
        position = start;
        throw error("unterminated string");
    }

    private Long integer() throws SyntaxError {
        int start = position;
        if (peek() == '-' || peek() == '+') {
            position++;
        }
        int digitsStart = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        if (position == digitsStart) {
            position = start;
            throw error("expected an integer");
        }
        String digits = text.substring(start, position);
        char next = peek();
        if (next == 'L' || next == 'l') {
            position++;
        } else if (next == '.' || next == 'e' || next == 'E' || next == 'j' || next == 'J') {
            position = start;
            throw error("only integers are supported");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            position = start;
            throw error("integer out of range");
        }
    }

    private Object keyword() throws SyntaxError {
        int start = position;
        while (position < text.length() && Character.isLetterOrDigit(text.charAt(position))) {
            position++;
        }
        String word = text.substring(start, position);
        switch (word) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                position = start;
                throw error("unknown name '" + word + "'");
        }
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private SyntaxError error(String problem) {
        return new SyntaxError(problem + " at character " + position);
    }
}
