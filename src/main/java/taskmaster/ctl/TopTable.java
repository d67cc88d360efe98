package taskmaster.ctl;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import taskmaster.ctl.TopSnapshot.Row;

/**
 * What {@code top} shows of a {@link TopSnapshot}: two header lines (the totals, the daemon's
 * own figures), the column titles, then one line a process in the chosen order. Sizes in
 * KiB/MiB/GiB, CPU in percent of one core with one decimal, '-' for a process that does not run,
 * '?' for a figure not sampled yet or unreadable.
 */
final class TopTable {

    /** The orders, each with its key: the biggest first, names in order. */
    enum Sort {
        CPU('c', "cpu", Comparator.comparingDouble(Row::cpuPercent).reversed()),
        MEMORY('m', "memory", Comparator.comparingLong(Row::memoryRss).reversed()),
        NAME('n', "name", (a, b) -> 0),
        RESTARTS('r', "restarts", Comparator.comparingInt(Row::restarts).reversed()),
        THREADS('t', "threads", Comparator.comparingInt(Row::threads).reversed());

        final char key;
        final String word;
        final Comparator<Row> order;

        Sort(char key, String word, Comparator<Row> order) {
            this.key = key;
            this.word = word;
            this.order = order.thenComparing(Row::name);
        }

        static Optional<Sort> ofKey(int key) {
            for (Sort s : values()) {
                if (s.key == key) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        /** {@code --sort cpu}, or its key ({@code c}). */
        static Optional<Sort> parse(String word) {
            String w = word.toLowerCase(Locale.ROOT);
            for (Sort s : values()) {
                if (s.word.equals(w) || w.length() == 1 && s.key == w.charAt(0)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        static String words() {
            StringBuilder b = new StringBuilder();
            for (Sort s : values()) {
                b.append(b.isEmpty() ? "" : ", ")
                        .append(s.word)
                        .append(" (")
                        .append(s.key)
                        .append(')');
            }
            return b.toString();
        }
    }

    static final String TITLES = "%-{w}s %-9s %8s %6s %10s %5s %5s %8s %12s";

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private TopTable() {}

    /** Every line, header first; the processes in {@code sort}'s order. */
    static List<String> lines(TopSnapshot s, Sort sort, int intervalSeconds) {
        List<String> out = new ArrayList<>();
        long running = s.rows().stream().filter(Row::running).count();
        out.add("taskmaster top - " + CLOCK.format(Instant.ofEpochMilli(s.takenAt())) + "  processes: "
                + s.rows().size() + ", " + running + " running  sorted by " + sort.word + "  every "
                + intervalSeconds + " s"
                + (s.sampleInterval() > 0 ? " (sampled every " + s.sampleInterval() + " s)" : ""));
        out.add("total: cpu " + cpu(s.cpuPercent()) + "%  rss " + size(s.memoryRss()) + "  threads "
                + count(s.threads())
                + "  fds " + count(s.openFiles()) + "   daemon: cpu " + cpu(s.daemonCpuPercent()) + "%  rss "
                + size(s.daemonMemoryRss()) + "  threads " + count(s.daemonThreads()) + "  fds "
                + count(s.daemonOpenFiles()));
        int width = 4;
        for (Row r : s.rows()) {
            width = Math.max(width, r.name().length());
        }
        String template = TITLES.replace("{w}", Integer.toString(width));
        out.add(template.formatted("NAME", "STATE", "PID", "CPU%", "RSS", "THR", "FDS", "RESTARTS", "UPTIME"));
        List<Row> rows = new ArrayList<>(s.rows());
        rows.sort(Comparator.comparing((Row r) -> !r.running()).thenComparing(sort.order));
        for (Row r : rows) {
            boolean live = r.running();
            boolean sampled = live && r.sampledAt() != 0;
            out.add(template.formatted(
                            r.name(),
                            r.state(),
                            live ? Long.toString(r.pid()) : "-",
                            !live ? "-" : sampled ? cpu(r.cpuPercent()) : "?",
                            !live ? "-" : sampled ? size(r.memoryRss()) : "?",
                            !live ? "-" : sampled ? count(r.threads()) : "?",
                            !live ? "-" : sampled ? count(r.openFiles()) : "?",
                            Integer.toString(r.restarts()),
                            live && r.startTime() > 0 ? uptime((s.takenAt() - r.startTime()) / 1000) : "-")
                    .stripTrailing());
        }
        return out;
    }

    /** One decimal; '?' when unknown (before two samples, or unreadable). */
    static String cpu(double percent) {
        return percent < 0 ? "?" : String.format(Locale.ROOT, "%.1f", percent);
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 MiB}, {@code 1.2 GiB}; '?' when unreadable. */
    static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String count(long n) {
        return n < 0 ? "?" : Long.toString(n);
    }

    /** {@code 0:05:03}, {@code 27:00:00}, {@code 3d 04:00:00}. */
    static String uptime(long seconds) {
        long s = Math.max(0, seconds);
        long days = s / 86400;
        long h = s / 3600 % 24;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", days > 0 ? h : s / 3600, s / 60 % 60, s % 60);
        return days > 0 ? days + "d " + (h < 10 ? "0" : "") + hms : hms;
    }
}
