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
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open || close + 2 > line.length()) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(line));
        }
        String[] f = line.substring(close + 2).trim().split(" +");
        // f[0] is field 3 (state), so field n is f[n - 3].
        if (f.length < 20 || f[0].length() != 1) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(line));
        }
        try {
            return new ProcStat(
                    Integer.parseInt(line.substring(0, open)),
                    f[0].charAt(0),
                    Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]),
                    Long.parseLong(f[19]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(line), e);
        }
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
