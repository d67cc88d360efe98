package taskmaster.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import taskmaster.os.ProcStat;

/** What /proc says: the processes carrying the soak's tag, and the daemon's own footprint. */
final class ProcScan {

    /**
     * A live (not zombie) tagged process. {@code startTicks} (field 22 of stat) tells a process from
     * a later one that got the same pid.
     */
    record Tagged(long pid, long ppid, long pgid, long startTicks, String state, String cmdline) {
        String key() {
            return pid + "@" + startTicks;
        }

        @Override
        public String toString() {
            return "pid " + pid + " (ppid " + ppid + ", pgid " + pgid + ", " + state + ") " + cmdline;
        }
    }

    /** VmRSS in kB and the thread count, from /proc/PID/status. */
    record Footprint(long rssKb, int threads) {}

    private final String var;
    private final String value;

    ProcScan(String var, String value) {
        this.var = var;
        this.value = value;
    }

    /** Every live process whose environment holds the tag. */
    List<Tagged> tagged() {
        List<Tagged> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                Tagged t = read(p);
                if (t != null) {
                    out.add(t);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return out;
    }

    /** The process {@code pid} if it is still the tagged one seen as {@code key}, else null. */
    Tagged still(Tagged seen) {
        Tagged now = read(Path.of("/proc", Long.toString(seen.pid())));
        return now != null && now.key().equals(seen.key()) ? now : null;
    }

    private Tagged read(Path p) {
        try {
            if (!ProcStat.environmentHas(Long.parseLong(p.getFileName().toString()), var, value)) {
                return null;
            }
            String stat = Files.readString(p.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): ppid is field 4, pgrp 5, starttime 22.
            if (f[0].equals("Z") || f[0].equals("X")) {
                return null;
            }
            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
            return new Tagged(
                    Long.parseLong(p.getFileName().toString()),
                    Long.parseLong(f[1]),
                    Long.parseLong(f[2]),
                    Long.parseLong(f[19]),
                    f[0],
                    cmd);
        } catch (IOException | RuntimeException gone) {
            return null; // exited meanwhile
        }
    }

    /** The footprint of {@code pid}, or null once it is gone. */
    static Footprint footprint(long pid) {
        try {
            long rss = -1;
            int threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).replace("kB", "").strip());
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).strip());
                }
            }
            return rss < 0 || threads < 0 ? null : new Footprint(rss, threads);
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }
}
