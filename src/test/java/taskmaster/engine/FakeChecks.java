package taskmaster.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;

/**
 * Checks that do no I/O: the test pushes notices into the watches and answers the probes, in fake
 * time. Notices and answers reach the engine through the loop, as the daemon's checks' do.
 */
final class FakeChecks implements Checks {

    /** A watch the engine asked for; {@link #cancelled} once it called it off. */
    static final class Watching implements Watch {
        final String process;
        final long pid;
        final Check check;
        final long at;
        private final Consumer<Notice> notices;
        boolean cancelled;

        Watching(String process, long pid, Check check, long at, Consumer<Notice> notices) {
            this.process = process;
            this.pid = pid;
            this.check = check;
            this.at = at;
            this.notices = notices;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** A probe the engine asked for; the test completes {@link #answer}. */
    record Probe(
            String process, long pid, Check check, long timeoutMillis, long at, CompletableFuture<CheckResult> answer) {
        boolean open() {
            return !answer.isDone();
        }
    }

    private final FakeLoop loop;
    final List<Watching> watches = new ArrayList<>();
    final List<Probe> probes = new ArrayList<>();
    /** When set, every probe is answered at once with this (the answer still reaches the engine through the loop). */
    CheckResult autoAnswer;

    FakeChecks(FakeLoop loop) {
        this.loop = loop;
    }

    @Override
    public Watch watch(ProcessSpec spec, long pid, Check check, Consumer<Notice> notices) {
        if (!check.pushed()) {
            throw new IllegalArgumentException(check.describe() + " is asked, not pushed");
        }
        Watching w = new Watching(spec.name(), pid, check, loop.now(), notices);
        watches.add(w);
        return w;
    }

    @Override
    public CompletableFuture<CheckResult> probe(ProcessSpec spec, long pid, Check check, long timeoutMillis) {
        Probe p = new Probe(spec.name(), pid, check, timeoutMillis, loop.now(), new CompletableFuture<>());
        probes.add(p);
        if (autoAnswer != null) {
            p.answer().complete(autoAnswer);
        }
        return p.answer();
    }

    /** The process of {@code pid} pushes {@code notice} on every watch of it (cancelled ones too: a late datagram). */
    void push(long pid, Notice notice) {
        List<Watching> of = watches.stream().filter(w -> w.pid == pid).toList();
        if (of.isEmpty()) {
            throw new IllegalStateException("no watch of pid " + pid);
        }
        of.forEach(w -> w.notices.accept(notice));
        loop.runPending();
    }

    /** Answers the oldest open probe of {@code pid}. */
    void answer(long pid, CheckResult result) {
        Probe p = probes.stream()
                .filter(x -> x.pid() == pid && x.open())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no open probe of pid " + pid));
        p.answer().complete(result);
        loop.runPending();
    }

    List<Watching> liveWatches() {
        return watches.stream().filter(w -> !w.cancelled).toList();
    }

    List<Probe> openProbes() {
        return probes.stream().filter(Probe::open).toList();
    }

    List<Probe> probesOf(long pid) {
        return probes.stream().filter(p -> p.pid() == pid).toList();
    }
}
