package taskmaster.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process as {@code /proc/PID/stat} shows it: what crash recovery needs to tell a process it
 * recorded from another that got the same pid since. A pid alone names nobody for long; a pid,
 * its start time (clock ticks since boot, field 22) and the boot id name one process for ever.
 *
 * @param pid        the process (its thread group)
 * @param state      the state letter: R, S, D, Z (zombie: ended, not reaped yet), T, ...
 * @param ppid       its parent
 * @param pgrp       its process group
 * @param session    its session
 * @param startTicks when it started, in clock ticks since boot
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, int session, long startTicks) {

    private static final Path PROC = Path.of("/proc");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final byte[] STAT = {'s', 't', 'a', 't'};

    /** Whether it has ended (a zombie waits only to be reaped: it runs nothing and holds nothing). */
    public boolean ended() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /**
     * Parses a stat line. The command name (field 2) is in parentheses and may itself hold
     * spaces and parentheses, so fields are counted from the last ')'.
     *
     * @throws IllegalArgumentException when the line is not a stat line
     */
    public static ProcStat parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        return parse(b, b.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code line} as a stat line, field by field: no
     * string, no split and no regular expression, for the state writer's read of each new child.
     *
     * @throws IllegalArgumentException when they are not a stat line
     */
    public static ProcStat parse(byte[] line, int length) {
        int open = indexOf(line, length, " (");
        int close = length - 1;
        while (close >= 0 && line[close] != ')') {
            close--;
        }
        if (open <= 0 || close < open || close + 2 > length) {
            throw notStat(line, length);
        }
        // fields 3 to 22 after the name: the state letter, ppid, pgrp, session, ..., starttime
        long[] f = new long[20];
        int at = close + 1;
        char state = 0;
        for (int field = 0; field < f.length; field++) {
            while (at < length && line[at] == ' ') {
                at++;
            }
            int from = at;
            while (at < length && line[at] != ' ' && line[at] != '\n') {
                at++;
            }
            if (from == at) {
                throw notStat(line, length);
            }
            if (field == 0) {
                if (at - from != 1) {
                    throw notStat(line, length);
                }
                state = (char) (line[from] & 0xff);
            } else if (field <= 3 || field == 19) { // the others are never looked at
                f[field] = number(line, from, at, length);
            }
        }
        long pid = number(line, 0, open, length);
        if (pid > Integer.MAX_VALUE
                || f[1] > Integer.MAX_VALUE
                || Math.abs(f[2]) > Integer.MAX_VALUE
                || Math.abs(f[3]) > Integer.MAX_VALUE) {
            throw notStat(line, length);
        }
        return new ProcStat((int) pid, state, (int) f[1], (int) f[2], (int) f[3], f[19]);
    }

    /** A decimal integer, optionally negative (a session or group of -1 is shown so). */
    private static long number(byte[] line, int from, int to, int length) {
        boolean negative = line[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 18) {
            throw notStat(line, length);
        }
        long v = 0;
        for (; i < to; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                throw notStat(line, length);
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static int indexOf(byte[] line, int length, String what) {
        outer:
        for (int i = 0; i + what.length() <= length; i++) {
            for (int j = 0; j < what.length(); j++) {
                if (line[i + j] != what.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static IllegalArgumentException notStat(byte[] line, int length) {
        return new IllegalArgumentException(
                "not a /proc/PID/stat line: " + abbreviate(new String(line, 0, length, StandardCharsets.ISO_8859_1)));
    }

    /** The process {@code pid} now, or empty when there is none (or it cannot be read). */
    public static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(
                    Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@link #of(long)} through {@code reader} (open, read, close, no exception for a process
     * that is gone) into {@code buffer}, which must hold the whole line (a stat line is under 400
     * bytes; its name is at most 64).
     */
    public static Optional<ProcStat> of(long pid, ProcReader reader, byte[] buffer) {
        int n = reader.read(pid, STAT, buffer);
        if (n <= 0 || n == buffer.length) {
            return n == buffer.length ? of(pid) : Optional.empty();
        }
        try {
            return Optional.of(parse(buffer, n));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every process now (threads are not listed: /proc lists thread groups only). */
    public static List<ProcStat> all() {
        List<ProcStat> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path p : ds) {
                try {
                    all.add(parse(Files.readString(p.resolve("stat"), StandardCharsets.ISO_8859_1)));
                } catch (IOException | IllegalArgumentException gone) {
                    // ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return all;
    }

    /** This boot's id: start times are ticks since boot, so they compare only within one boot. */
    public static String bootId() throws IOException {
        return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
    }

    /**
     * Whether the environment {@code pid} was started with holds {@code var=value}. False when it
     * does not, or when it cannot be read (gone, or another user's process and we are not root).
     */
    public static boolean environmentHas(long pid, String var, String value) {
        byte[] env;
        try {
            env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | SecurityException e) {
            return false;
        }
        byte[] needle = (var + "=" + value).getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == needle.length && java.util.Arrays.equals(env, start, i, needle, 0, needle.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
