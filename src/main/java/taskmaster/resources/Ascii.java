package taskmaster.resources;

/** Numbers and labelled lines in the bytes of a {@code /proc} file, read where they lie. */
final class Ascii {
    private Ascii() {}

    /**
     * The decimal number at {@code from} (an optional '-', then digits); 0 when there is none.
     * Stops at the first byte that is not a digit.
     */
    static long number(byte[] b, int from, int length) {
        int i = from;
        boolean negative = i < length && b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        for (; i < length && b[i] >= '0' && b[i] <= '9'; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return negative ? -v : v;
    }

    /**
     * The number after {@code label} (such as {@code "Pss:"}) at the start of a line, blanks
     * skipped; -1 when no line starts with it.
     */
    static long labelled(byte[] b, int length, byte[] label) {
        for (int line = 0; line < length; ) {
            if (startsWith(b, line, length, label)) {
                int i = line + label.length;
                while (i < length && (b[i] == ' ' || b[i] == '\t')) {
                    i++;
                }
                return number(b, i, length);
            }
            while (line < length && b[line] != '\n') {
                line++;
            }
            line++;
        }
        return -1;
    }

    /** The {@code index}th blank-separated number (from 0) of the first line; -1 when it has fewer. */
    static long nth(byte[] b, int length, int index) {
        int i = 0;
        for (int n = 0; n < index; n++) {
            while (i < length && b[i] != ' ') {
                i++;
            }
            i++;
        }
        return i < length ? number(b, i, length) : -1;
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] b, int at, int length, byte[] label) {
        if (at + label.length > length) {
            return false;
        }
        for (int i = 0; i < label.length; i++) {
            if (b[at + i] != label[i]) {
                return false;
            }
        }
        return true;
    }
}
