package taskmaster.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import taskmaster.model.Rlimit;

/**
 * What decides whether a program's {@code rlimit_*} can be set (setrlimit(2)'s EPERM rules): the
 * hard limits the daemon's children inherit, whether the daemon may raise a hard limit
 * (CAP_SYS_RESOURCE), and Linux's cap on open files ({@code fs.nr_open}).
 *
 * @param hard     the daemon's hard limits; {@link Rlimit#UNLIMITED}: none; a resource missing: unknown
 * @param canRaise whether the daemon has CAP_SYS_RESOURCE in its effective set
 * @param nrOpen   {@code /proc/sys/fs/nr_open}; 0: unknown
 */
record KernelLimits(Map<Rlimit.Resource, Long> hard, boolean canRaise, long nrOpen) {

    private static final int CAP_SYS_RESOURCE = 24;

    /** {@code /proc/self/limits} names each resource so. */
    private static final Map<Rlimit.Resource, String> NAMES = names();

    KernelLimits {
        hard = Map.copyOf(hard);
    }

    /** The daemon's own, read from /proc now; what cannot be read is unknown (and not checked). */
    static KernelLimits current() {
        Map<Rlimit.Resource, Long> hard = new EnumMap<>(Rlimit.Resource.class);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                NAMES.forEach((r, name) -> {
                    if (line.startsWith(name)) {
                        String[] cols = line.substring(name.length()).trim().split("\\s+");
                        if (cols.length >= 2) {
                            hard.put(r, value(cols[1]));
                        }
                    }
                });
            }
        } catch (IOException | NumberFormatException e) {
            hard.clear();
        }
        return new KernelLimits(hard, hasCapability(CAP_SYS_RESOURCE), readNrOpen());
    }

    private static long value(String s) {
        return s.equals("unlimited") ? Rlimit.UNLIMITED : Long.parseLong(s);
    }

    private static boolean hasCapability(int cap) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long mask = Long.parseUnsignedLong(
                            line.substring("CapEff:".length()).trim(), 16);
                    return (mask >>> cap & 1) == 1;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: taken as granted, prlimit itself then reports a refusal
        }
        return true;
    }

    private static long readNrOpen() {
        try {
            // Not Files.readString: it sizes its read by the file's size, and procfs says 0 (JDK 25 read "1").
            List<String> lines = Files.readAllLines(Path.of("/proc/sys/fs/nr_open"));
            return lines.isEmpty() ? 0 : Long.parseLong(lines.getFirst().strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Why {@code r} cannot be set by a child of the daemon; null when it can (or cannot be told). */
    String refusal(Rlimit r) {
        if (r.resource() == Rlimit.Resource.NOFILE
                && nrOpen > 0
                && (r.hard() == Rlimit.UNLIMITED || r.hard() > nrOpen)) {
            return "the hard limit is above fs.nr_open (" + nrOpen + "), Linux's cap on open files, even for root";
        }
        Long have = hard.get(r.resource());
        if (canRaise || have == null || have == Rlimit.UNLIMITED) {
            return null;
        }
        if (r.hard() == Rlimit.UNLIMITED || r.hard() > have) {
            return "the hard limit is above the daemon's own (" + have + "), and raising a hard limit needs"
                    + " CAP_SYS_RESOURCE (root)";
        }
        return null;
    }

    private static Map<Rlimit.Resource, String> names() {
        Map<Rlimit.Resource, String> m = new EnumMap<>(Rlimit.Resource.class);
        m.put(Rlimit.Resource.CPU, "Max cpu time");
        m.put(Rlimit.Resource.FSIZE, "Max file size");
        m.put(Rlimit.Resource.DATA, "Max data size");
        m.put(Rlimit.Resource.STACK, "Max stack size");
        m.put(Rlimit.Resource.CORE, "Max core file size");
        m.put(Rlimit.Resource.RSS, "Max resident set");
        m.put(Rlimit.Resource.NPROC, "Max processes");
        m.put(Rlimit.Resource.NOFILE, "Max open files");
        m.put(Rlimit.Resource.MEMLOCK, "Max locked memory");
        m.put(Rlimit.Resource.AS, "Max address space");
        m.put(Rlimit.Resource.LOCKS, "Max file locks");
        m.put(Rlimit.Resource.SIGPENDING, "Max pending signals");
        m.put(Rlimit.Resource.MSGQUEUE, "Max msgqueue size");
        m.put(Rlimit.Resource.NICE, "Max nice priority");
        m.put(Rlimit.Resource.RTPRIO, "Max realtime priority");
        m.put(Rlimit.Resource.RTTIME, "Max realtime timeout");
        return m;
    }
}
