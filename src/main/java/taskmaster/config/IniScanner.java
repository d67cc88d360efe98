package taskmaster.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The pre-scan that runs before ini4j. It keeps one output line per input line, so that line
 * numbers stay true, and it does what ini4j does not do the way supervisord does:
 * <ul>
 *   <li>inline comments are cut ({@link InlineComments}); ini4j knows only whole-line comments;</li>
 *   <li>a line indented deeper than the key line above it continues that value (configparser's
 *       continuation lines); it is joined with a space and left blank in the output;</li>
 *   <li>lines ini4j would stop at (a malformed header, a key before any section) become errors
 *       and are blanked, so that every problem of the file is reported in one pass;</li>
 *   <li>it builds the {@link LineIndex}.</li>
 * </ul>
 */
final class IniScanner {

    record Scanned(List<String> lines, LineIndex index) {}

    private IniScanner() {}

    static Scanned scan(Path file, List<String> input, Problems problems) {
        return scan(file, input, problems, name -> true);
    }

    /**
     * @param wanted the sections whose lines reach ini4j; the others are left blank and looked at
     *               only for where they end (continuations are followed; an error in their keys is
     *               not reported, a malformed header is): a reader of the daemon's keys alone
     *               (taskmasterctl) does not pay for a thousand program sections
     */
    static Scanned scan(Path file, List<String> input, Problems problems, Predicate<String> wanted) {
        List<String> out = new ArrayList<>(input.size());
        LineIndex index = new LineIndex();
        String section = null;
        boolean keep = false;
        int keyLine = -1;
        int keyIndent = 0;
        for (int n = 1; n <= input.size(); n++) {
            String raw = input.get(n - 1);
            out.add("");
            if (raw.isBlank()) {
                keyLine = -1;
                continue;
            }
            if (section != null && !keep) {
                // A line of a section not read: only where the section ends matters, so a line that
                // cannot begin another (a key, a continuation, a comment) is looked at no further,
                // and no error in it is reported.
                int indent = indentOf(raw);
                boolean continuation = keyLine > 0 && indent > keyIndent;
                if (continuation || raw.charAt(indent) != '[') {
                    if (!continuation && !InlineComments.isCommentLine(raw)) {
                        keyLine = n;
                        keyIndent = indent;
                    }
                    continue;
                }
            }
            if (InlineComments.isCommentLine(raw)) {
                continue;
            }
            int control = controlCharacter(raw);
            if (control >= 0) {
                // ini4j trims them as blanks where this scan does not: refused, so that both read the same line.
                problems.error(
                        file,
                        n,
                        section,
                        String.format("control character U+%04X at column %d", (int) raw.charAt(control), control + 1)
                                + " (allowed: printable text and tabs)");
                keyLine = -1;
                continue;
            }
            int indent = indentOf(raw);
            String text = InlineComments.strip(raw).strip();
            if (keyLine > 0 && indent > keyIndent) {
                if (keep && !text.isEmpty()) {
                    out.set(keyLine - 1, out.get(keyLine - 1) + " " + text);
                }
                continue;
            }
            keyLine = -1;
            if (text.startsWith("[")) {
                section = header(file, n, text, problems);
                keep = section != null && wanted.test(section);
                if (keep) {
                    index.section(section, n);
                    out.set(n - 1, "[" + section + "]");
                }
                continue;
            }
            if (section == null) {
                problems.error(
                        file,
                        n,
                        null,
                        "'" + text + "' is outside any section" + " (allowed: keys under a [section] header)");
                continue;
            }
            int op = operatorIndex(text);
            String key = (op < 0 ? text : text.substring(0, op)).strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                problems.error(
                        file,
                        n,
                        section,
                        "'" + text + "' has no key before '" + text.charAt(op) + "'" + " (allowed: key = value)");
                continue;
            }
            if (keep) {
                index.key(section, key, n);
                out.set(n - 1, op < 0 ? key : key + " " + text.substring(op));
            }
            keyLine = n;
            keyIndent = indent;
        }
        return new Scanned(out, index);
    }

    private static String header(Path file, int n, String text, Problems problems) {
        if (!text.endsWith("]")) {
            problems.error(
                    file, n, null, "malformed section header '" + text + "' (allowed: [name] alone on its line)");
            return null;
        }
        String name = text.substring(1, text.length() - 1).strip();
        if (name.isEmpty()) {
            problems.error(file, n, null, "empty section name '" + text + "' (allowed: [name] alone on its line)");
            return null;
        }
        return name;
    }

    /** The first {@code =} or {@code :} not preceded by a backslash: the rule ini4j applies. */
    static int operatorIndex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '=' || c == ':') && (i == 0 || text.charAt(i - 1) != '\\')) {
                return i;
            }
        }
        return -1;
    }

    private static int controlCharacter(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < ' ' && c != '\t') || c == '\u007f') {
                return i;
            }
        }
        return -1;
    }

    private static int indentOf(String raw) {
        int i = 0;
        while (i < raw.length() && (raw.charAt(i) == ' ' || raw.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
