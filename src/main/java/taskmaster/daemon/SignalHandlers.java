package taskmaster.daemon;

import org.apache.logging.log4j.LogManager;
import sun.misc.Signal;

/**
 * The daemon's signals. sun.misc.Signal (module jdk.unsupported) is the JDK's only way to catch
 * HUP and USR2; it replaces the JVM's own TERM/INT handling, so no shutdown hook races our
 * ordered stop. Handlers only hand the work over: they run on the JVM's signal thread.
 */
final class SignalHandlers {

    private SignalHandlers() {
    }

    static void install(DaemonControl control) {
        Signal.handle(new Signal("HUP"), s -> control.requestReload());
        Signal.handle(new Signal("TERM"), s -> control.requestShutdown("SIGTERM"));
        Signal.handle(new Signal("INT"), s -> control.requestShutdown("SIGINT"));
        Signal.handle(new Signal("USR2"), s -> control.reopenLogs());
        String sr = System.getenv("_JAVA_SR_SIGNUM");
        if (sr == null || sr.strip().equals("12")) {
            // HotSpot's thread-suspend signal is SIGUSR2 unless moved: JFR's sampler would land here.
            LogManager.getLogger("taskmaster.daemon").warn("SIGUSR2 is also this JVM's thread-suspend signal:"
                    + " a JFR recording would reopen the logs in a loop; start through bin/taskmasterd, or set"
                    + " _JAVA_SR_SIGNUM=39");
        }
    }
}
