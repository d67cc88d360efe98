package taskmaster.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;

/**
 * The engine's door to readiness and health checks: it decides when to check and what an outcome
 * means; the daemon's implementation does the I/O, never on the loop. Tests use a fake.
 */
public interface Checks {

    /** Checks nothing: every probe fails and no notice ever comes; for engines without checks. */
    Checks NONE = new Checks() {
        @Override
        public Watch watch(ProcessSpec spec, long pid, Check check, Consumer<Notice> notices) {
            return () -> {};
        }

        @Override
        public CompletableFuture<CheckResult> probe(ProcessSpec spec, long pid, Check check, long timeoutMillis) {
            return CompletableFuture.completedFuture(CheckResult.failed("no checks in this engine"));
        }
    };

    /**
     * Listens for what the process of spawn {@code pid} pushes: {@link Check#pushed()} kinds
     * (notify, fd, log). Called on the loop right after the spawn; {@code notices} is called from
     * any thread until the watch is cancelled (the engine posts them to the loop).
     */
    Watch watch(ProcessSpec spec, long pid, Check check, Consumer<Notice> notices);

    /**
     * Runs {@code check} once against the process of {@code pid} (tcp, http, exec; log: whether a
     * matching line came since the last probe). Never blocks the caller; the future completes,
     * on any thread, within about {@code timeoutMillis}, failed as a timeout if need be.
     */
    CompletableFuture<CheckResult> probe(ProcessSpec spec, long pid, Check check, long timeoutMillis);

    /** A watch that can be called off; cancelling twice is harmless. */
    interface Watch {
        void cancel();
    }
}
