package taskmaster.os;

import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Whether a datagram on a process's notify socket may speak for that process: "only the
 * process's own group", checked from the credentials the kernel attached to it.
 *
 * <ol>
 *   <li>Its uid must be the program's, or root's. The kernel fills in the sender's real uid
 *       (a sender can claim another only with CAP_SETUID), so this holds for every sender.</li>
 *   <li>Its pid is the program's own, or a process that still exists and whose process group or
 *       session is the program's: the program is spawned as its own session and group leader, so
 *       that is its whole tree, unless a descendant left with setsid or setpgid on purpose.</li>
 *   <li>A sender that is already gone (reaped) cannot be placed in a group any more: the short
 *       {@code systemd-notify --ready} has usually exited before its datagram is read. It is
 *       accepted on its uid alone, because the socket itself names the process: there is one
 *       socket per process, which only the program's account and root may connect to. A pid
 *       reused meanwhile by another process outside the group is refused (the rare price of not
 *       guessing). A pid of 0 (a sender in a pid namespace we cannot see into) is refused.</li>
 * </ol>
 *
 * <p>A {@code MAINPID=} names a process the daemon may later signal, so it must be one of the
 * program's own tree, alive now: a program cannot point the daemon at pid 1, or at another
 * user's process (systemd likewise refuses a main pid outside the service).
 */
final class NotifySender {
    private NotifySender() {}

    /**
     * @param stat {@code /proc/PID/stat} of a pid, empty when there is no such process
     * @return null when accepted; otherwise why not, in words for the log
     */
    static String refusal(UnixDatagram.Datagram d, int childPid, int programUid, IntFunction<Optional<ProcStat>> stat) {
        if (d.pid() < 0) {
            return "no credentials came with it";
        }
        if (d.uid() != programUid && d.uid() != 0) {
            return "sent by uid " + d.uid() + ", not the program's uid " + programUid + " or root";
        }
        if (d.pid() == childPid) {
            return null;
        }
        if (d.pid() == 0) {
            return "sent from a pid namespace the daemon cannot see";
        }
        Optional<ProcStat> sender = stat.apply(d.pid());
        if (sender.isEmpty()) {
            return null; // gone: the uid and the socket's own permissions vouch for it
        }
        ProcStat s = sender.get();
        if (s.pgrp() == childPid || s.session() == childPid) {
            return null;
        }
        return "sent by pid " + d.pid() + " of process group " + s.pgrp() + " and session " + s.session()
                + ", outside the program's (" + childPid + ")";
    }

    /** @return null when {@code pid} may be the program's main process; otherwise why not */
    static String mainPidRefusal(long pid, int childPid, IntFunction<Optional<ProcStat>> stat) {
        if (pid == childPid) {
            return null;
        }
        Optional<ProcStat> main = stat.apply((int) pid);
        if (main.isEmpty() || main.get().ended()) {
            return "MAINPID=" + pid + ": no such process";
        }
        ProcStat s = main.get();
        if (s.pgrp() == childPid || s.session() == childPid) {
            return null;
        }
        return "MAINPID=" + pid + ": process group " + s.pgrp() + " and session " + s.session()
                + " are not the program's (" + childPid + ")";
    }
}
