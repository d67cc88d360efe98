package taskmaster.daemon;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import taskmaster.os.Posix;
import taskmaster.os.PosixException;

/**
 * The daemon's signals. sun.misc.Signal (module jdk.unsupported) is the JDK's only way to catch
 * HUP and USR2; it replaces the JVM's own TERM/INT handling, so no shutdown hook races our
 * ordered stop. Handlers only hand the work over: they run on the JVM's signal thread.
 *
 * <p>They are installed first thing, before the configuration is read: a TERM that comes while
 * the daemon boots (a service manager that gives up, a test that stops it as soon as its URL file
 * is there) is then an ordered stop with status 0, never the JVM's default death with 143. Until
 * the daemon can act on them ({@link #attach}), a TERM or INT is kept and acted on then, and a HUP
 * or USR2 is dropped: the files are read and the logs opened after it anyway.
 */
final class SignalHandlers {

    /** What came before {@link #attach}: the first TERM or INT. */
    private String pendingShutdown;

    private DaemonControl control;

    /** Notes for the event log, which is not configured yet when the handlers are installed. */
    private final List<Note> notes = new ArrayList<>();

    /** A line for the event log: a warning, or for information only. */
    record Note(boolean warning, String text) {}

    private SignalHandlers() {}

    /** Installs the handlers; what they receive waits for {@link #attach}. */
    static SignalHandlers install() {
        SignalHandlers h = new SignalHandlers();
        h.handle("HUP", c -> c.requestReload());
        h.handle("TERM", c -> c.requestShutdown("SIGTERM"));
        h.handle("INT", c -> c.requestShutdown("SIGINT"));
        h.handle("USR2", c -> c.reopenLogs());
        String sr = System.getenv("_JAVA_SR_SIGNUM");
        if (sr == null || sr.strip().equals("12")) {
            // HotSpot's thread-suspend signal is SIGUSR2 unless moved: JFR's sampler would land here.
            h.notes.add(new Note(
                    true,
                    "SIGUSR2 is also this JVM's thread-suspend signal:"
                            + " a JFR recording would reopen the logs in a loop; start through bin/taskmasterd, or set"
                            + " _JAVA_SR_SIGNUM=39"));
        }
        return h;
    }

    /** What to log once the event log is configured: warnings (ignored signals, SIGUSR2's clash). */
    synchronized List<Note> notes() {
        return List.copyOf(notes);
    }

    /** The signal that asked to stop before the daemon could act on it, or null. */
    synchronized String pendingShutdown() {
        return pendingShutdown;
    }

    /** From now on the signals go to {@code c}; a TERM or INT that came before is acted on at once. */
    synchronized void attach(DaemonControl c) {
        control = c;
        if (pendingShutdown != null) {
            c.requestShutdown(pendingShutdown + " while starting");
        }
    }

    private interface Action {
        void run(DaemonControl c);
    }

    /**
     * A parent that ignores a signal (nohup, a shell's trap "" HUP) passes that on to us, and
     * HotSpot then accepts a handler for HUP, INT or TERM without installing it: the daemon would
     * never reload, or never stop in order. The signal is set back to its default first, as
     * supervisord's own handlers override what it inherits.
     */
    private void handle(String name, Action action) {
        Signal signal = new Signal(name);
        try {
            if (Posix.linux().unignoreSignal(signal.getNumber())) {
                notes.add(new Note(false, "SIG" + name + " was ignored by the parent; handled now"));
            }
        } catch (PosixException e) {
            notes.add(new Note(true, "SIG" + name + " may stay ignored: " + e.getMessage()));
        }
        Signal.handle(signal, s -> received(name, action));
    }

    private synchronized void received(String name, Action action) {
        if (control != null) {
            action.run(control);
        } else if (pendingShutdown == null && (name.equals("TERM") || name.equals("INT"))) {
            pendingShutdown = "SIG" + name;
        }
    }
}
