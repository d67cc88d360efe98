package taskmaster.ctl;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether the daemon reached is the one taskmasterctl was pointed at. When the URL was read from a
 * configuration file, another daemon may hold that port (the demo's 8778 taken by another user's
 * daemon, a copied file whose jolokia_port was not changed); driving it would stop or restart
 * someone else's programs. The daemon names the file it serves ({@code ConfigFile}); both paths
 * are compared with their symlinks resolved.
 */
final class DaemonIdentity {

    /** The attributes of the Supervisor bean one read fetches for the check. */
    static final java.util.List<String> ATTRIBUTES = java.util.List.of("ConfigFile", "Pid");

    private DaemonIdentity() {}

    /**
     * Throws {@link CtlException#OTHER_DAEMON} unless the daemon's answer (the {@link #ATTRIBUTES})
     * names the file the target must serve.
     */
    static void check(Target target, Object answer) throws CtlException {
        Path asked = target.mustServe();
        Map<?, ?> m = answer instanceof Map<?, ?> map ? map : Map.of();
        String served = Supervisor.str(m, "ConfigFile");
        if (asked == null || same(asked, served)) {
            return;
        }
        long pid = Supervisor.number(m.get("Pid"));
        throw new CtlException(
                CtlException.OTHER_DAEMON,
                "taskmasterctl: the taskmasterd at " + target.url()
                        + " serves " + (served.isEmpty() ? "an unknown configuration" : served) + " (pid " + pid
                        + "), not "
                        + asked + "; its address came " + target.source() + "; nothing was done"
                        + "\n  to drive that daemon anyway, give its address: -s " + target.url()
                        + "\n  to run a daemon of " + asked + ", give it a jolokia_port no other daemon uses, then:"
                        + " bin/taskmasterd -c " + asked);
    }

    /** The same file: equal real paths, or equal as written when either cannot be resolved here. */
    static boolean same(Path asked, String served) {
        if (served.isEmpty()) {
            return false;
        }
        try {
            Path s = Path.of(served);
            try {
                return asked.toRealPath().equals(s.toRealPath());
            } catch (IOException notHere) {
                // a daemon on another machine, or a file removed since it started
                return asked.toAbsolutePath()
                        .normalize()
                        .equals(s.toAbsolutePath().normalize());
            }
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
