package taskmaster.soak;

import java.util.List;

/** Invariant (d) on the daemon's /proc footprint samples: {ms since the chaos began, RSS kB, threads}. */
final class FootprintCheck {

    private FootprintCheck() {}

    /**
     * Invariant (d): the medians of RSS and threads over the 10 s after a 10 s warm-up, against the
     * last 10 s. The tolerance is generous (the heap may still grow towards its working size): a leak
     * shows over longer runs.
     */
    static String check(List<long[]> samples, int seconds, SoakTally tally) {
        long warm = Math.min(10_000, seconds * 1000L / 6);
        long window = Math.min(10_000, seconds * 1000L / 6);
        long end = seconds * 1000L;
        List<long[]> firstW;
        List<long[]> lastW;
        synchronized (samples) {
            firstW = samples.stream()
                    .filter(s -> s[0] >= warm && s[0] < warm + window)
                    .toList();
            lastW = samples.stream().filter(s -> s[0] >= end - window).toList();
        }
        if (firstW.isEmpty() || lastW.isEmpty()) {
            tally.violation("soak", "too few footprint samples: " + samples.size());
            return "rss=? threads=?";
        }
        long rss0 = median(firstW, 1);
        long rss1 = median(lastW, 1);
        long thr0 = median(firstW, 2);
        long thr1 = median(lastW, 2);
        long maxRss = samples.stream().mapToLong(s -> s[1]).max().orElse(0);
        long rssAllowed = rss0 + rss0 / 4 + 16 * 1024;
        long thrAllowed = thr0 + Math.max(8, thr0 / 4);
        if (rss1 > rssAllowed) {
            tally.violation(
                    "rss-growth",
                    "daemon RSS median " + rss0 + " kB after warm-up, " + rss1 + " kB at the end (allowed " + rssAllowed
                            + " kB)");
        }
        if (thr1 > thrAllowed) {
            tally.violation(
                    "thread-growth",
                    "daemon threads median " + thr0 + " after warm-up, " + thr1 + " at the end (allowed " + thrAllowed
                            + ")");
        }
        return "rssKb=" + rss0 + "->" + rss1 + " (max " + maxRss + ") threads=" + thr0 + "->" + thr1;
    }

    private static long median(List<long[]> samples, int field) {
        long[] v = samples.stream().mapToLong(s -> s[field]).sorted().toArray();
        return v[v.length / 2];
    }
}
