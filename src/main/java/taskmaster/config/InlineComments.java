package taskmaster.config;

/**
 * Cuts an inline comment off a line: {@code ;} or {@code #} preceded by whitespace starts one,
 * as in supervisord. Unlike supervisord, where quotes protect nothing (its docs warn that
 * {@code command=sh -c 'a ; b'} is truncated), a double-quoted stretch is kept whole, so
 * {@code env = A="x ; y"} works. Single-quoted stretches are still cut, as the brief asks; they are
 * tracked only so that a {@code "} inside them does not open a double-quoted stretch.
 */
final class InlineComments {
    private InlineComments() {}

    static String strip(String line) {
        boolean inDouble = false;
        boolean inSingle = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && !inSingle) {
                i++;
                continue;
            }
            if (inDouble) {
                inDouble = c != '"';
                continue;
            }
            if ((c == ';' || c == '#') && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i);
            }
            if (inSingle) {
                inSingle = c != '\'';
            } else if (c == '"') {
                inDouble = true;
            } else if (c == '\'') {
                inSingle = true;
            }
        }
        return line;
    }

    /** A whole-line comment: the first non-blank character is {@code ;} or {@code #}. */
    static boolean isCommentLine(String line) {
        String t = line.strip();
        return !t.isEmpty() && (t.charAt(0) == ';' || t.charAt(0) == '#');
    }
}
