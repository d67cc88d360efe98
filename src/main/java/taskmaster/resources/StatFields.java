package taskmaster.resources;

/**
 * The fields of one {@code /proc/PID/stat} line that sampling needs, parsed in place from the
 * bytes (no string, no split): one instance is reused for every process of a scan.
 */
final class StatFields {
    int pid;
    /** The state letter (field 3): R, S, D, Z (zombie), T, ... */
    char state;

    int pgrp;
    int session;
    /** Clock ticks in user and kernel mode (fields 14, 15). */
    long utime;

    long stime;
    /** Ticks of its children it waited for, and theirs in turn (fields 16, 17). */
    long cutime;

    long cstime;
    int threads;
    /** Resident pages (field 24): the fallback for RSS when smaps_rollup cannot be read. */
    long rssPages;

    boolean zombie() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /**
     * Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces
     * and parentheses, so fields are counted from the last ')'.
     *
     * @return false when it is not a stat line (a truncated read, say)
     */
    boolean parse(byte[] b, int length) {
        int close = -1;
        for (int i = length - 1; i >= 0; i--) {
            if (b[i] == ')') {
                close = i;
                break;
            }
        }
        if (close < 0 || close + 2 >= length) {
            return false;
        }
        long p = Ascii.number(b, 0, length);
        if (p <= 0) {
            return false;
        }
        pid = (int) p;
        state = (char) b[close + 2];
        int field = 3;
        int i = close + 2;
        // Walk to each wanted field; field n starts after the (n - 3)th space past ')'.
        while (i < length && field <= 24) {
            switch (field) {
                case 5 -> pgrp = (int) Ascii.number(b, i, length);
                case 6 -> session = (int) Ascii.number(b, i, length);
                case 14 -> utime = Ascii.number(b, i, length);
                case 15 -> stime = Ascii.number(b, i, length);
                case 16 -> cutime = Ascii.number(b, i, length);
                case 17 -> cstime = Ascii.number(b, i, length);
                case 20 -> threads = (int) Ascii.number(b, i, length);
                case 24 -> rssPages = Ascii.number(b, i, length);
                default -> {}
            }
            while (i < length && b[i] != ' ') {
                i++;
            }
            i++;
            field++;
        }
        return field > 24;
    }
}
