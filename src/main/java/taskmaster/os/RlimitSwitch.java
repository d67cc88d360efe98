package taskmaster.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import taskmaster.engine.SpawnException;
import taskmaster.model.Rlimit;

/**
 * A program's kernel limits ({@code rlimit_*}), set before it runs. posix_spawn has no rlimit
 * attribute, and limits are per process: setting them on the daemon around the spawn would hold
 * for its other threads meanwhile (an {@code rlimit_as} could break the JVM). So the child execs
 * util-linux {@code prlimit --nofile=S:H … -- PROGRAM ARGS}, which sets its own limits and execs
 * the program: the pid supervised stays the program's. It comes before {@code setpriv}, so a
 * daemon run as root may raise a hard limit its programs' users could not.
 *
 * <p>prlimit can only say it failed on the program's stderr and by exiting 1, too late to be told
 * from the program's own exit. So what setrlimit(2) would refuse (a hard limit above the daemon's
 * without CAP_SYS_RESOURCE, open files above {@code fs.nr_open}) is refused here, as a spawn
 * error naming the key.
 */
final class RlimitSwitch {
    static final List<Path> PRLIMIT_LOCATIONS = List.of(Path.of("/usr/bin/prlimit"), Path.of("/bin/prlimit"));
    static final String NO_PRLIMIT = "can't set %s: prlimit (util-linux) not found in /usr/bin or /bin";
    static final String REFUSED = "can't set %s = %s: %s";

    private RlimitSwitch() {}

    /** The argv prefix that sets {@code rlimits} and execs the rest; empty when there are none. */
    static List<String> prefix(List<Rlimit> rlimits, KernelLimits daemon) throws SpawnException {
        if (rlimits.isEmpty()) {
            return List.of();
        }
        for (Rlimit r : rlimits) {
            String why = daemon.refusal(r);
            if (why != null) {
                throw new SpawnException(REFUSED.formatted(key(r), value(r), why));
            }
        }
        Path prlimit = PRLIMIT_LOCATIONS.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new SpawnException(NO_PRLIMIT.formatted(key(rlimits.getFirst()))));
        List<String> argv = new ArrayList<>();
        argv.add(prlimit.toString());
        for (Rlimit r : rlimits) {
            argv.add("--" + r.resource().name().toLowerCase(Locale.ROOT) + "=" + value(r));
        }
        argv.add("--");
        return argv;
    }

    /** The configuration key of {@code r}, as errors name it. */
    static String key(Rlimit r) {
        return "rlimit_" + r.resource().name().toLowerCase(Locale.ROOT);
    }

    /** {@code SOFT:HARD}, each a number or {@code unlimited}, as prlimit reads it. */
    static String value(Rlimit r) {
        return one(r.soft()) + ":" + one(r.hard());
    }

    private static String one(long v) {
        return v == Rlimit.UNLIMITED ? "unlimited" : Long.toString(v);
    }
}
