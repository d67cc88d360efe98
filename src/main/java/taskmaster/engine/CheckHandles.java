package taskmaster.engine;

/**
 * What one spawn's checks hold on to: the watch of what the process pushes and the timers of the
 * ready timeout, the probes and the watchdog. {@link Proc} decides; this only calls things off.
 */
final class CheckHandles {

    private Checks.Watch watch;
    private Loop.Timer readyTimeout;
    private Loop.Timer readyProbe;
    private Loop.Timer healthProbe;
    private Loop.Timer watchdog;

    void watch(Checks.Watch w) {
        cancelWatch();
        watch = w;
    }

    void readyTimeout(Loop.Timer t) {
        readyTimeout = replace(readyTimeout, t);
    }

    void readyProbe(Loop.Timer t) {
        readyProbe = replace(readyProbe, t);
    }

    void healthProbe(Loop.Timer t) {
        healthProbe = replace(healthProbe, t);
    }

    void watchdog(Loop.Timer t) {
        watchdog = replace(watchdog, t);
    }

    /** Readiness is decided: its timeout and probes go, and its watch unless more is to come on it (notify). */
    void readinessDone(boolean keepWatch) {
        readyTimeout = replace(readyTimeout, null);
        readyProbe = replace(readyProbe, null);
        if (!keepWatch) {
            cancelWatch();
        }
    }

    void healthDone() {
        healthProbe = replace(healthProbe, null);
    }

    /** The process left STARTING and RUNNING, or a new spawn begins. */
    void cancelAll() {
        readinessDone(false);
        healthDone();
        watchdog = replace(watchdog, null);
    }

    private void cancelWatch() {
        if (watch != null) {
            Checks.Watch w = watch;
            watch = null;
            w.cancel();
        }
    }

    private static Loop.Timer replace(Loop.Timer old, Loop.Timer next) {
        if (old != null) {
            old.cancel();
        }
        return next;
    }
}
