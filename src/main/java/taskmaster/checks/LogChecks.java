package taskmaster.checks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import taskmaster.engine.CheckResult;
import taskmaster.engine.Checks;
import taskmaster.engine.Notice;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;
import taskmaster.output.StdoutWatcher;

/**
 * {@code log:REGEX}: a line of the program's stdout (with stderr when redirect_stderr) in which the
 * regex is found. The output thread hands over the chunks of the processes that have a log check,
 * and only theirs ({@link ProcessSpec#watchesStdout()}); the lines are cut here, so a line written
 * in two chunks is still one line. A line longer than {@value #MAX_LINE} bytes is matched on its
 * first {@value #MAX_LINE}.
 *
 * <p>Readiness ({@link #watch}): the first matching line since the spawn sends {@link Notice.Ready}
 * once; a line that came before the engine asked (the output thread may read it first) counts.
 * Once it fired or was cancelled, no line is matched for it any more.
 *
 * <p>Health ({@link #probe}): whether a matching line came since the previous probe of the same
 * spawn, or since the spawn for the first; a program that must say something every interval.
 * Once a line matched, the following lines are not matched until the next probe.
 *
 * <p>A regex is compiled once, not per line: {@link #pattern} keeps one per distinct regex.
 */
final class LogChecks implements StdoutWatcher {
    static final int MAX_LINE = 8192;

    /** What is looked for in one process name's output, for its latest spawn. Guarded by itself. */
    private static final class Watched {
        final long pid;
        private byte[] partial = new byte[0];
        private int partialLength;
        /** The readiness regex a line matched before the engine asked (null: none yet). */
        String readySeen;

        Consumer<Notice> readyWatch;
        Pattern readyPattern;
        boolean readyDone;
        boolean healthSeen;

        Watched(long pid) {
            this.pid = pid;
        }

        synchronized boolean waitedFor() {
            return readyWatch != null;
        }
    }

    private final Map<String, Watched> processes = new ConcurrentHashMap<>();
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    /** On the loop thread, right after the spawn. */
    Checks.Watch watch(ProcessSpec spec, long pid, Check.Log check, Consumer<Notice> notices) {
        Watched w = current(spec.name(), pid);
        boolean fireNow;
        synchronized (w) {
            fireNow = check.regex().equals(w.readySeen);
            if (fireNow) {
                w.readyDone = true;
            } else {
                w.readyPattern = pattern(check.regex());
                w.readyWatch = notices;
                w.readyDone = false;
            }
        }
        if (fireNow) {
            notices.accept(new Notice.Ready());
        }
        return () -> {
            synchronized (w) {
                if (w.readyWatch == notices) {
                    w.readyWatch = null;
                    w.readyPattern = null;
                }
                w.readyDone = true;
            }
        };
    }

    /** Whether a matching line came since the last probe (or the spawn); answers at once. */
    CheckResult probe(ProcessSpec spec, long pid, Check.Log check) {
        Watched w = current(spec.name(), pid);
        boolean seen;
        synchronized (w) {
            seen = w.healthSeen;
            w.healthSeen = false;
        }
        return seen
                ? CheckResult.ok("a line matched " + check.describe())
                : CheckResult.failed("no line matched " + check.describe() + " since the last check");
    }

    /** The state of {@code pid}; the engine's word wins over a chunk: a new pid starts afresh. */
    private Watched current(String name, long pid) {
        return processes.compute(name, (k, old) -> old != null && old.pid == pid ? old : new Watched(pid));
    }

    /** On the output thread. */
    @Override
    public void onStdout(ProcessSpec spec, long pid, byte[] bytes) {
        Watched w = processes.get(spec.name());
        if (w == null || (w.pid != pid && pid != 0)) {
            if (w != null && w.waitedFor()) {
                return; // a previous run's last words, while the engine waits for the current one
            }
            Watched fresh = new Watched(pid);
            w = processes.merge(spec.name(), fresh, (old, n) -> old.pid == pid ? old : n);
        }
        Pattern health = spec.lifecycle().health().check() instanceof Check.Log l ? pattern(l.regex()) : null;
        Check.Log early = spec.lifecycle().readiness().check() instanceof Check.Log l ? l : null;
        Consumer<Notice> fire = null;
        synchronized (w) {
            if (w.readyDone && health == null) {
                return; // ready, and no health check: nothing will ever be looked for in this run
            }
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (lookingFor(w, health, early)) {
                    String line = line(w, bytes, start, i);
                    fire = match(w, line, health, early, fire);
                }
                w.partialLength = 0;
                start = i + 1;
            }
            keep(w, bytes, start);
        }
        if (fire != null) {
            fire.accept(new Notice.Ready());
        }
    }

    private static boolean lookingFor(Watched w, Pattern health, Check.Log early) {
        boolean ready = !w.readyDone && (w.readyWatch != null || (early != null && w.readySeen == null));
        return ready || (health != null && !w.healthSeen);
    }

    /** Matches one line; returns the watch to fire (at most once: the watch is gone once it fired). */
    private Consumer<Notice> match(Watched w, String line, Pattern health, Check.Log early, Consumer<Notice> fire) {
        if (health != null && !w.healthSeen && health.matcher(line).find()) {
            w.healthSeen = true;
        }
        if (w.readyDone) {
            return fire;
        }
        if (w.readyWatch != null) {
            if (w.readyPattern.matcher(line).find()) {
                Consumer<Notice> f = w.readyWatch;
                w.readyWatch = null;
                w.readyPattern = null;
                w.readyDone = true;
                return f;
            }
        } else if (early != null
                && w.readySeen == null
                && pattern(early.regex()).matcher(line).find()) {
            w.readySeen = early.regex();
        }
        return fire;
    }

    /** The line ending at {@code end} (its newline), with what earlier chunks left of it; without a CR. */
    private static String line(Watched w, byte[] bytes, int start, int end) {
        int e = end;
        if (w.partialLength == 0) {
            if (e > start && bytes[e - 1] == '\r') {
                e--;
            }
            return new String(bytes, start, Math.min(e - start, MAX_LINE), StandardCharsets.UTF_8);
        }
        append(w, bytes, start, e);
        int len = w.partialLength;
        if (len > 0 && w.partial[len - 1] == '\r') {
            len--;
        }
        return new String(w.partial, 0, len, StandardCharsets.UTF_8);
    }

    /** Keeps the unfinished line's start (up to {@value #MAX_LINE} bytes) for the next chunk. */
    private static void keep(Watched w, byte[] bytes, int start) {
        if (start < bytes.length) {
            append(w, bytes, start, bytes.length);
        }
    }

    private static void append(Watched w, byte[] bytes, int from, int to) {
        int n = Math.min(to - from, MAX_LINE - w.partialLength);
        if (n <= 0) {
            return;
        }
        if (w.partial.length < w.partialLength + n) {
            w.partial = Arrays.copyOf(w.partial, Math.min(MAX_LINE, Math.max(64, (w.partialLength + n) * 2)));
        }
        System.arraycopy(bytes, from, w.partial, w.partialLength, n);
        w.partialLength += n;
    }
}
