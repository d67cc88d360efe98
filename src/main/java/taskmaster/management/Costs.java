package taskmaster.management;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.resources.ProcessUsage;

/**
 * The resource figures as the beans show them: a process's own, and sums over processes. Only
 * the samples already taken are read, so that a read of every bean never walks {@code /proc}.
 */
final class Costs {

    private Costs() {}

    /**
     * The sample of the process running as {@code pid}; zeros (output counts kept) when it does not
     * run, or when the sample is of an earlier run whose pid the process no longer has: what a
     * stopped or just restarted process costs is nothing yet.
     */
    static ProcessUsage current(ProcessUsage u, long pid) {
        if (pid != 0 && u.pid() == pid) {
            return u;
        }
        return new ProcessUsage(u.name(), pid, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, u.stdoutBytes(), u.stderrBytes());
    }

    /**
     * The sums over {@code current} figures: the processes with a current sample count, output
     * counts come from every process. A figure unreadable for some processes sums the others; it
     * is -1 only when no process counted had it readable.
     */
    static ProcessUsage total(String name, List<ProcessUsage> current) {
        List<ProcessUsage> sampled =
                current.stream().filter(u -> u.pid() != 0 && u.sampledAt() != 0).toList();
        return new ProcessUsage(
                name,
                0,
                sampled.stream().mapToLong(ProcessUsage::sampledAt).max().orElse(0),
                doubles(sampled, ProcessUsage::cpuUserSeconds),
                doubles(sampled, ProcessUsage::cpuSystemSeconds),
                doubles(sampled, ProcessUsage::cpuPercent),
                longs(sampled, ProcessUsage::rssBytes),
                longs(sampled, ProcessUsage::pssBytes),
                ints(sampled, ProcessUsage::threads),
                ints(sampled, ProcessUsage::openFiles),
                longs(sampled, ProcessUsage::readBytes),
                longs(sampled, ProcessUsage::writeBytes),
                ints(sampled, ProcessUsage::processes),
                longs(current, ProcessUsage::stdoutBytes),
                longs(current, ProcessUsage::stderrBytes));
    }

    /** One row of the Supervisor's Resources. */
    static ResourceInfo row(String program, ProcessUsage u) {
        return new ResourceInfo(
                u.name(),
                program,
                u.pid(),
                u.sampledAt(),
                u.cpuUserSeconds(),
                u.cpuSystemSeconds(),
                u.cpuPercent(),
                u.rssBytes(),
                u.pssBytes(),
                u.threads(),
                u.openFiles(),
                u.readBytes(),
                u.writeBytes(),
                u.processes(),
                u.stdoutBytes(),
                u.stderrBytes());
    }

    /** User plus system seconds; -1 when either is unreadable. */
    static double cpuSeconds(ProcessUsage u) {
        return u.cpuUserSeconds() < 0 || u.cpuSystemSeconds() < 0 ? -1 : u.cpuUserSeconds() + u.cpuSystemSeconds();
    }

    private static double doubles(List<ProcessUsage> us, ToDoubleFunction<ProcessUsage> f) {
        double total = 0;
        boolean readable = us.isEmpty();
        for (ProcessUsage u : us) {
            double v = f.applyAsDouble(u);
            if (v >= 0) {
                total += v;
                readable = true;
            }
        }
        return readable ? total : -1;
    }

    private static long longs(List<ProcessUsage> us, ToLongFunction<ProcessUsage> f) {
        long total = 0;
        boolean readable = us.isEmpty();
        for (ProcessUsage u : us) {
            long v = f.applyAsLong(u);
            if (v >= 0) {
                total += v;
                readable = true;
            }
        }
        return readable ? total : -1;
    }

    private static int ints(List<ProcessUsage> us, ToIntFunction<ProcessUsage> f) {
        long total = longs(us, u -> f.applyAsInt(u));
        return (int) Math.min(Integer.MAX_VALUE, total);
    }
}
