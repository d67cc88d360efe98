package taskmaster.os;

import java.util.ArrayList;
import java.util.List;

/**
 * The fallback for a program's umask where the spawning thread cannot have a umask of its own
 * (unshare refused): {@code /bin/sh -c 'umask 077 && exec "$@"' sh PROGRAM ARGS…}, one more exec.
 */
final class UmaskWrapper {
    private UmaskWrapper() {}

    /** {@code next}, the setpriv prefix or empty, runs after the umask is set. */
    static List<String> prefix(int umask, List<String> next) {
        List<String> argv =
                new ArrayList<>(List.of("/bin/sh", "-c", "umask %04o && exec \"$@\"".formatted(umask), "sh"));
        argv.addAll(next);
        return argv;
    }
}
