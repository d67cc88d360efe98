package taskmaster.daemon;

import org.apache.logging.log4j.LogManager;
import sun.misc.Signal;
import taskmaster.os.Posix;
import taskmaster.os.PosixException;

/**
 * The daemon's signals. sun.misc.Signal (module jdk.unsupported) is the JDK's only way to catch
 * HUP and USR2; it replaces the JVM's own TERM/INT handling, so no shutdown hook races our
 * ordered stop. Handlers only hand the work over: they run on the JVM's signal thread.
 */
final class SignalHandlers {

    private SignalHandlers() {}

    static void install(DaemonControl control) {
        handle("HUP", control::requestReload);
        handle("TERM", () -> control.requestShutdown("SIGTERM"));
        handle("INT", () -> control.requestShutdown("SIGINT"));
        handle("USR2", control::reopenLogs);
        String sr = System.getenv("_JAVA_SR_SIGNUM");
        if (sr == null || sr.strip().equals("12")) {
            // HotSpot's thread-suspend signal is SIGUSR2 unless moved: JFR's sampler would land here.
            LogManager.getLogger("taskmaster.daemon")
                    .warn("SIGUSR2 is also this JVM's thread-suspend signal:"
                            + " a JFR recording would reopen the logs in a loop; start through bin/taskmasterd, or set"
                            + " _JAVA_SR_SIGNUM=39");
        }
    }

    /**
     * A parent that ignores a signal (nohup, a shell's trap "" HUP) passes that on to us, and
     * HotSpot then accepts a handler for HUP, INT or TERM without installing it: the daemon would
     * never reload, or never stop in order. The signal is set back to its default first, as
     * supervisord's own handlers override what it inherits.
     */
    private static void handle(String name, Runnable action) {
        Signal signal = new Signal(name);
        try {
            if (Posix.linux().unignoreSignal(signal.getNumber())) {
                LogManager.getLogger("taskmaster.daemon").info("SIG{} was ignored by the parent; handled now", name);
            }
        } catch (PosixException e) {
            LogManager.getLogger("taskmaster.daemon").warn("SIG{} may stay ignored: {}", name, e.getMessage());
        }
        Signal.handle(signal, s -> action.run());
    }
}
