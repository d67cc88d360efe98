package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Makes the daemon's children die with it, however it dies ({@code kill -9} and OOM kills
 * included): a parent-death signal for whole process groups, at one small pipe write per spawn.
 *
 * <p>One small shell process per JVM, {@value #NAME}, reads the process groups of the running
 * children from a pipe whose only write end the daemon holds: {@code + pgid} after each spawn,
 * {@code - pgid} just before each reap (while the zombie still holds the number, so it can't have
 * been reused). When the daemon ends, the kernel closes that end, the guard reads end-of-file and
 * SIGKILLs every group still listed, then exits. It ignores the terminal's and the usual stop
 * signals; only that end-of-file (or a SIGKILL) ends it.
 *
 * <p>Why not PR_SET_PDEATHSIG: posix_spawn cannot set it, so each program would have to be exec'd
 * through {@code setpriv --pdeathsig KILL}: one more exec per spawn (on the shared 2-core VM, 200
 * {@code sleep}s until all had exec'd, medians of 7, six interleaved rounds: 420 ms without it,
 * 520 ms with it, 4 to 60 % more per round; the guard's one write per spawn is lost in the
 * noise). It would also hide exec errors from posix_spawn (setpriv reports them as exit 127, and
 * glibc's execvp runs a script without a {@code #!} line with /bin/sh), change argv[0], fire when
 * the spawning thread ends rather than the daemon, and reach only the direct child; the guard
 * kills the whole group.
 *
 * <p>Not covered: a child spawned in the microseconds between posix_spawn's return and its line
 * (the crash recovery at the next start finds it), what a program left behind in its group after
 * it was reaped with {@code killasgroup = false}, and a guard killed together with the daemon.
 *
 * <p>If the guard itself is killed, the next write finds the pipe broken: that is reported once,
 * and a new guard is started with the current list.
 */
final class ChildGuard {
    static final String NAME = "taskmaster-guard";
    private static final Logger LOG = LogManager.getLogger(ChildGuard.class);
    /**
     * dash and bash alike. Each listed group is a variable {@code g_PGID}: adding and removing one
     * is a lookup in the shell's variable table, whatever the order. The list as one string, cut
     * with {@code ${g%% $id *}} and {@code ${g#* $id }}, cost dash time quadratic in the string's
     * length per removal: a thousand groups removed in the reverse of their order (how a stop of
     * all reaps them) took it 32 s of CPU, competing with the daemon for the whole stop and
     * letting the pipe fill. Only digits become a variable; at end-of-file {@code set} lists them
     * (in a subshell of the pipe, which keeps the ignored signals; the guard's environment holds
     * PATH alone, so every {@code g_} variable is one of its own).
     */
    static final String SCRIPT = """
        trap '' HUP INT QUIT TERM USR1 USR2 PIPE
        set -f
        while read -r op id; do
          case $id in ''|*[!0-9]*) continue ;; esac
          case $op in
            +) eval "g_$id=1" ;;
            -) unset "g_$id" ;;
          esac
        done
        set | while IFS='=' read -r name value; do
          case $name in g_*) kill -9 -"${name#g_}" 2>/dev/null ;; esac
        done
        """;

    private static ChildGuard instance;

    private final Posix posix;
    private final Set<Integer> groups = ConcurrentHashMap.newKeySet();
    private int writeFd = -1;
    private int pid;
    private boolean failing;
    private boolean startFailureReported;

    private ChildGuard(Posix posix) {
        this.posix = posix;
    }

    /** The JVM's guard, started at the first call (a launcher's creation). */
    static synchronized ChildGuard get() {
        if (instance == null) {
            instance = new ChildGuard(Posix.linux());
            instance.start();
        }
        return instance;
    }

    /** The guard's pid, 0 when it could not be started. */
    synchronized int pid() {
        return pid;
    }

    /** {@code pgid} leads a new child's group: kill it if the daemon dies. */
    void added(int pgid) {
        groups.add(pgid);
        send('+', pgid);
    }

    /** The group's leader is about to be reaped: its number may be reused after that. */
    void removed(int pgid) {
        if (groups.remove(pgid)) {
            send('-', pgid);
        }
    }

    private synchronized void send(char op, int pgid) {
        if (writeFd < 0 || !write(op + " " + pgid + "\n")) {
            restart();
        }
    }

    /** One line per write: under PIPE_BUF, so writes from the spawner and the reaper never interleave. */
    private boolean write(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
            long n = posix.write(writeFd, buf, 0, bytes.length);
            if (n == bytes.length) {
                return true;
            }
            // EAGAIN: 64 KiB of lines unread, the guard is stuck; treat it as gone.
            return false;
        } catch (PosixException e) {
            return false; // EPIPE: the guard is gone
        }
    }

    private void restart() {
        if (writeFd >= 0) {
            if (!failing) {
                failing = true;
                LOG.error(
                        "child guard: the guard process {} is gone or stuck; starting a new one (until it runs,"
                                + " children would outlive a crash of the daemon)",
                        pid);
            }
            // Killed and reaped before its pipe is closed: a live guard reading end-of-file would
            // kill every child.
            try {
                posix.kill(pid, 9);
                posix.waitPid(pid, true);
            } catch (PosixException ignored) {
                // already gone and reaped
            }
            closeQuietly(writeFd);
            writeFd = -1;
        }
        if (start()) {
            failing = false;
        }
    }

    /** Starts a guard and sends it the current list. */
    private synchronized boolean start() {
        int[] p;
        try {
            p = posix.pipe();
        } catch (PosixException e) {
            startFailed("couldn't create its pipe: " + Errno.describe(e.errno()));
            return false;
        }
        SpawnRequest request = new SpawnRequest(
                "/bin/sh",
                List.of("sh", "-c", SCRIPT, NAME),
                List.of("PATH=/usr/bin:/bin"),
                List.of(
                        new SpawnRequest.Dup2(p[0], 0),
                        new SpawnRequest.Open(1, SpawnPlanner.DEV_NULL, SpawnRequest.O_WRONLY, 0),
                        new SpawnRequest.Open(2, SpawnPlanner.DEV_NULL, SpawnRequest.O_WRONLY, 0),
                        new SpawnRequest.CloseFrom(3)));
        try {
            pid = posix.spawn(request);
            posix.setNonBlocking(p[1]); // a stuck guard must never block a spawn or a reap
        } catch (PosixException e) {
            startFailed("couldn't start /bin/sh: " + Errno.describe(e.errno()));
            closeQuietly(p[0]);
            closeQuietly(p[1]);
            return false;
        }
        closeQuietly(p[0]);
        writeFd = p[1];
        startFailureReported = false;
        for (int g : groups) {
            if (!write("+ " + g + "\n")) {
                return false;
            }
        }
        return true;
    }

    /** Reported once; every later spawn tries again. */
    private void startFailed(String why) {
        if (!startFailureReported) {
            startFailureReported = true;
            LOG.error("child guard: {}; children would outlive a crash of the daemon (tried again at each spawn)", why);
        }
    }

    private void closeQuietly(int fd) {
        try {
            posix.close(fd);
        } catch (PosixException ignored) {
            // released anyway
        }
    }
}
