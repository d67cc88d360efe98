package taskmaster.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code env}/{@code environment} syntax: {@code A=1,B="x, y",C='it is'}. Whitespace around
 * keys, values and commas is ignored. Stricter than supervisord's shlex-based parser, which
 * silently eats what follows a space ({@code E=sp ace} gives {@code E=sp}): here an unquoted value
 * holding a space is an error, so a forgotten comma is caught.
 */
final class EnvSyntax {
    private static final String ALLOWED = " (allowed: KEY=value pairs separated by commas;"
            + " quote a value holding spaces or commas, like A=\"x, y\",B=2)";

    private final String text;
    private int pos;

    private EnvSyntax(String text) {
        this.text = text;
    }

    /** The pairs in order, values unexpanded. */
    static Map<String, String> parse(String text) throws InvalidValueException {
        return new EnvSyntax(text).pairs();
    }

    private Map<String, String> pairs() throws InvalidValueException {
        Map<String, String> env = new LinkedHashMap<>();
        skipBlanks();
        while (pos < text.length()) {
            String key = key();
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw fail("expected '=' after '" + key + "'");
            }
            pos++;
            skipBlanks();
            env.put(key, value());
            skipBlanks();
            if (pos < text.length()) {
                if (text.charAt(pos) != ',') {
                    throw fail("expected ',' after the value of " + key);
                }
                pos++;
                skipBlanks();
            }
        }
        return env;
    }

    private String key() throws InvalidValueException {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (pos == start || Character.isDigit(text.charAt(start))) {
            pos = start;
            throw fail("expected a variable name");
        }
        return text.substring(start, pos);
    }

    private String value() throws InvalidValueException {
        if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
            return quoted(text.charAt(pos));
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',') {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                throw fail("a quote inside an unquoted value");
            }
            pos++;
        }
        String value = text.substring(start, pos).strip();
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                pos = start + i;
                throw fail("unquoted value with a space");
            }
        }
        return value;
    }

    private String quoted(char quote) throws InvalidValueException {
        int open = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\'
                    && quote == '"'
                    && pos < text.length()
                    && (text.charAt(pos) == '"' || text.charAt(pos) == '\\')) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        pos = open;
        throw fail("unterminated " + (quote == '"' ? "double" : "single") + " quote");
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private InvalidValueException fail(String what) {
        return new InvalidValueException(Values.quote(text) + ": " + what + " at position " + (pos + 1) + ALLOWED);
    }
}
