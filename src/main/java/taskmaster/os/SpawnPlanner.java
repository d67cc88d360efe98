package taskmaster.os;

import static taskmaster.os.SpawnRequest.O_APPEND;
import static taskmaster.os.SpawnRequest.O_CREAT;
import static taskmaster.os.SpawnRequest.O_RDONLY;
import static taskmaster.os.SpawnRequest.O_WRONLY;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;

/** Turns a {@link ProcessSpec} into the exact posix_spawn call that starts it. */
final class SpawnPlanner {
    static final String DEV_NULL = "/dev/null";
    // The program's umask (set around the spawn) turns this into the usual 0644.
    private static final int LOG_MODE = 0666;
    private static final int APPEND = O_WRONLY | O_CREAT | O_APPEND;

    private SpawnPlanner() {}

    /**
     * @param executable   the resolved absolute path of argv[0]
     * @param environment  {@code KEY=value} strings
     * @param switchPrefix what execs the program (prlimit, setpriv, sh for a umask), or empty to exec it directly
     */
    static SpawnRequest plan(ProcessSpec spec, Path executable, List<String> environment, List<String> switchPrefix) {
        return plan(spec, executable, environment, switchPrefix, ChildPipes.NONE);
    }

    /** @param pipes the pipes of the captured streams (and of stdin), onto which 0, 1 and 2 are dup'd */
    static SpawnRequest plan(
            ProcessSpec spec, Path executable, List<String> environment, List<String> switchPrefix, ChildPipes pipes) {
        return plan(spec, executable, environment, switchPrefix, pipes, Map.of());
    }

    /**
     * @param inherited descriptors the program keeps beyond 0, 1 and 2: the daemon's descriptor
     *                  (the value) is dup'd onto the program's number (the key), e.g. the write
     *                  end of the notification pipe onto {@code fd:N}'s N; keys are 3 or more
     */
    static SpawnRequest plan(
            ProcessSpec spec,
            Path executable,
            List<String> environment,
            List<String> switchPrefix,
            ChildPipes pipes,
            Map<Integer, Integer> inherited) {
        return new SpawnRequest(
                path(executable, switchPrefix),
                argv(spec, executable, switchPrefix),
                environment,
                fileActions(spec, pipes, new TreeMap<>(inherited)));
    }

    private static String path(Path executable, List<String> switchPrefix) {
        return switchPrefix.isEmpty() ? executable.toString() : switchPrefix.getFirst();
    }

    private static List<String> argv(ProcessSpec spec, Path executable, List<String> switchPrefix) {
        if (switchPrefix.isEmpty()) {
            // argv[0] stays as written (ps shows "sleep", not "/usr/bin/sleep"); the path is separate.
            return spec.argv();
        }
        // setpriv execs its first operand with the rest as argv, so the program sees its full path as argv[0].
        List<String> argv = new ArrayList<>(switchPrefix);
        argv.add(executable.toString());
        argv.addAll(spec.argv().subList(1, spec.argv().size()));
        return argv;
    }

    /**
     * Order: the three standard descriptors first, then chdir, then close everything else.
     * The log paths are absolute, so opening them before or after chdir is the same file; opening
     * first keeps that true even for a relative path (it stays relative to the daemon, as the
     * configuration meant), and gives a fixed order in which {@link SpawnFailure} can tell which
     * step failed. closefrom(3) comes last so it also closes any descriptor the earlier steps
     * might leave, and the program inherits exactly 0, 1 and 2: none of the JVM's jars,
     * sockets, epoll set or pidfds. An inherited descriptor is dup'd onto its number just before
     * that cleanup, which then spares exactly those numbers: every other descriptor from 3 up is
     * closed one by one below the highest, and with closefrom above it. The dup2 clears
     * close-on-exec on the copy, even where the daemon's descriptor already has that number
     * (glibc 2.29 and later do so for an equal source and target, as POSIX now asks).
     */
    private static List<SpawnRequest.FileAction> fileActions(
            ProcessSpec spec, ChildPipes pipes, TreeMap<Integer, Integer> inherited) {
        List<SpawnRequest.FileAction> actions = new ArrayList<>();
        actions.add(
                pipes.inRead() >= 0
                        ? new SpawnRequest.Dup2(pipes.inRead(), 0)
                        : new SpawnRequest.Open(0, DEV_NULL, O_RDONLY, 0));
        actions.add(pipes.outWrite() >= 0 ? new SpawnRequest.Dup2(pipes.outWrite(), 1) : output(1, spec.stdout()));
        if (spec.redirectStderr()) {
            actions.add(new SpawnRequest.Dup2(1, 2));
        } else {
            actions.add(pipes.errWrite() >= 0 ? new SpawnRequest.Dup2(pipes.errWrite(), 2) : output(2, spec.stderr()));
        }
        if (spec.workingDir() != null) {
            actions.add(new SpawnRequest.Chdir(spec.workingDir().toString()));
        }
        if (inherited.isEmpty()) {
            actions.add(new SpawnRequest.CloseFrom(3));
            return actions;
        }
        inherited.forEach((target, source) -> {
            if (target < 3) {
                throw new IllegalArgumentException("internal error: descriptor " + target + " is a standard one");
            }
            actions.add(new SpawnRequest.Dup2(source, target));
        });
        for (int fd = 3; fd < inherited.lastKey(); fd++) {
            if (!inherited.containsKey(fd)) {
                actions.add(new SpawnRequest.Close(fd));
            }
        }
        actions.add(new SpawnRequest.CloseFrom(inherited.lastKey() + 1));
        return actions;
    }

    /**
     * A stream without a pipe. Captured streams (files, the console) always get a pipe from the
     * launcher; a file here is only for a caller that plans without one (the program then opens
     * it itself, appending, as before capture existed).
     */
    private static SpawnRequest.FileAction output(int fd, Output output) {
        return switch (output) {
            case Output.ToFile f -> new SpawnRequest.Open(fd, f.path().toString(), APPEND, LOG_MODE);
            case Output.Forward f -> new SpawnRequest.Dup2(f.fd(), fd);
            case Output.Discard d -> new SpawnRequest.Open(fd, DEV_NULL, O_WRONLY, 0);
        };
    }
}
