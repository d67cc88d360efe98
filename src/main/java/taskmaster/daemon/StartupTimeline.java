package taskmaster.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The start-up timeline: one event-log line at {@code debug} per phase of the boot, with its
 * offset since the process was launched ({@code start-up: first spawn at +0.412 s}), so that
 * the operator sees where the time before "up" goes.
 *
 * <p>The origin is the process's start as the kernel recorded it: the JVM's own boot is part of
 * what is measured. It is read from {@code /proc} (its start in clock ticks since boot against
 * the uptime, both from the same clock, 10 ms resolution) and not from {@code ProcessHandle},
 * whose start instant rests on the boot time in whole seconds, nor from the runtime MXBean, which
 * would load the management classes on the way to the first spawn. The phases after it are timed
 * with {@link System#nanoTime()}.
 *
 * <p>A phase reached before the logging is configured (the configuration's reading) is kept and
 * printed at the first phase after; each phase is printed once. Safe from any thread.
 */
final class StartupTimeline {

    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");
    /** USER_HZ: what {@code /proc/PID/stat} counts in on every Linux architecture taskmaster runs on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** Seconds from the launch to {@link #originNanos}; NaN when /proc could not say. */
    private final double launchToOrigin;

    private final long originNanos;
    private final List<String> pending = new ArrayList<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private boolean logging;

    private StartupTimeline(double launchToOrigin, long originNanos) {
        this.launchToOrigin = launchToOrigin;
        this.originNanos = originNanos;
    }

    /** A timeline whose origin is this process's launch (or, when /proc cannot say, now). */
    static StartupTimeline sinceLaunch() {
        long now = System.nanoTime();
        return new StartupTimeline(sinceLaunchSeconds(), now);
    }

    /** The phase is reached now; logged at once, or as soon as the logging is configured. */
    synchronized void reached(String phase) {
        if (!seen.add(phase)) {
            return;
        }
        String line = String.format(Locale.ROOT, "start-up: %s at %s", phase, offset(System.nanoTime()));
        if (logging) {
            LOG.debug(line);
        } else {
            pending.add(line);
        }
    }

    /** The logging is configured: what was reached before it is printed now, in order. */
    synchronized void loggingReady() {
        logging = true;
        pending.forEach(LOG::debug);
        pending.clear();
    }

    private String offset(long nanos) {
        double sinceOrigin = (nanos - originNanos) / 1e9;
        if (Double.isNaN(launchToOrigin)) {
            return String.format(Locale.ROOT, "+%.3f s since the daemon's main", sinceOrigin);
        }
        return String.format(Locale.ROOT, "+%.3f s", launchToOrigin + sinceOrigin);
    }

    /** Seconds since this process was launched, from /proc; NaN when it cannot be read. */
    static double sinceLaunchSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
            // The command name may hold spaces and parentheses: the fields are counted after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // Field 22 of stat is starttime; fields[0] here is field 3 (state).
            long startTicks = Long.parseLong(fields[22 - 3]);
            double up = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return Math.max(0, up - startTicks / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
