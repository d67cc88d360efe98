package taskmaster.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code env_file}: systemd's {@code EnvironmentFile=} syntax. One {@code KEY=VALUE} a line;
 * blank lines and lines whose first non-blank character is {@code #} or {@code ;} are comments;
 * {@code export KEY=VALUE} is taken as {@code KEY=VALUE} (files written for a shell's
 * {@code source}). Values as systemd reads them: unquoted, leading and trailing blanks are dropped
 * and a backslash keeps the next character (at the end of a line it continues the value on the
 * next one); between single quotes everything is verbatim, over several lines if need be; between
 * double quotes a backslash keeps {@code " \ ` $} and joins lines, and stays before any other
 * character. Nothing is expanded ({@code $X} and {@code %(X)s} stay as written). Where systemd
 * skips a line it cannot read (no {@code =}, a bad name), this is an error naming the line, so
 * that a typo does not silently lose a variable. A later assignment of a key wins.
 */
final class EnvFile {

    static final String ALLOWED = "KEY=VALUE lines, KEY a letter or '_' then letters, digits or '_'; values"
            + " unquoted, 'single' or \"double\" quoted; # or ; comment lines";

    /** A line that is not an assignment. */
    static final class BadLine extends Exception {
        final int line;

        BadLine(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private EnvFile(String text) {
        this.text = text;
    }

    /**
     * The file's assignments in order; empty when it is missing (the caller decides whether that
     * is allowed).
     *
     * @throws IOException when it cannot be read, is not UTF-8 or is too big
     */
    static Optional<Map<String, String>> read(Path file) throws IOException, BadLine {
        byte[] bytes;
        try {
            // Before it is opened: opening a FIFO (or /dev/stdout on a pipe) for reading blocks the
            // load until someone writes, and a device never ends. systemd reads only files too.
            if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                throw new IOException("not a regular file");
            }
            if (Files.size(file) > Limits.MAX_FILE_BYTES) {
                throw new IOException("larger than " + Limits.MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text");
        }
        return Optional.of(parse(text));
    }

    static Map<String, String> parse(String text) throws BadLine {
        return new EnvFile(text).assignments();
    }

    private Map<String, String> assignments() throws BadLine {
        Map<String, String> env = new LinkedHashMap<>();
        if (text.startsWith("\uFEFF")) {
            pos = 1;
        }
        while (pos < text.length()) {
            skipBlanks();
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '\n') {
                next();
                continue;
            }
            if (c == '#' || c == ';') {
                skipComment();
                continue;
            }
            int at = line;
            String key = key(at);
            String value = value();
            env.put(key, value);
        }
        return env;
    }

    private String key(int at) throws BadLine {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '=' && text.charAt(pos) != '\n') {
            pos++;
        }
        String raw = text.substring(start, pos).strip();
        if (pos >= text.length() || text.charAt(pos) != '=') {
            throw new BadLine(at, Values.quote(raw) + " is not an assignment (allowed: " + ALLOWED + ")");
        }
        pos++; // the '='
        if (raw.startsWith("export ") || raw.startsWith("export\t")) {
            raw = raw.substring("export".length()).strip();
        }
        if (!raw.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new BadLine(at, Values.quote(raw) + " is not a variable name (allowed: " + ALLOWED + ")");
        }
        return raw;
    }

    /**
     * From after the '=' to the end of the assignment: its line, or the last line a quote or a
     * backslash joined. A quote opens a quoted value only as its first character, as in systemd;
     * after it, quotes are kept as they are.
     */
    private String value() throws BadLine {
        StringBuilder v = new StringBuilder();
        skipBlanks();
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            if (text.charAt(pos) == '\'') {
                singleQuoted(v);
            } else {
                doubleQuoted(v);
            }
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) != '\n') {
                throw new BadLine(line, "text after the closing quote of the value (allowed: " + ALLOWED + ")");
            }
            if (pos < text.length()) {
                next();
            }
            return v.toString();
        }
        // Length of v without the blanks at its end, which are dropped.
        int kept = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                next();
                break;
            }
            if (c == '\\') {
                pos++;
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos);
                if (e == '\n') {
                    next(); // a continuation: the newline is dropped
                } else {
                    v.append(e);
                    pos++;
                    kept = v.length();
                }
                continue;
            }
            v.append(c);
            pos++;
            if (c != ' ' && c != '\t' && c != '\r') {
                kept = v.length();
            }
        }
        v.setLength(kept);
        return v.toString();
    }

    private void singleQuoted(StringBuilder v) throws BadLine {
        int opened = line;
        pos++;
        int end = text.indexOf('\'', pos);
        if (end < 0) {
            throw new BadLine(opened, "a single quote is not closed (allowed: " + ALLOWED + ")");
        }
        for (int i = pos; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        v.append(text, pos, end);
        pos = end + 1;
    }

    private void doubleQuoted(StringBuilder v) throws BadLine {
        int opened = line;
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < text.length()) {
                char e = text.charAt(pos + 1);
                pos += 2;
                if (e == '\n') {
                    line++;
                } else if (e == '"' || e == '\\' || e == '`' || e == '$') {
                    v.append(e);
                } else {
                    v.append('\\').append(e);
                }
                continue;
            }
            if (c == '\n') {
                line++;
            }
            v.append(c);
            pos++;
        }
        throw new BadLine(opened, "a double quote is not closed (allowed: " + ALLOWED + ")");
    }

    /** A comment runs to the end of its line; systemd lets a backslash there continue it. */
    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            if (text.charAt(pos) == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos++;
                line++;
            }
            pos++;
        }
    }

    private void skipBlanks() {
        while (pos < text.length()
                && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    private void next() {
        pos++;
        line++;
    }
}
