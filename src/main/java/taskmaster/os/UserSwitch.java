package taskmaster.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import taskmaster.engine.SpawnException;
import taskmaster.model.UserSpec;

/**
 * Running a program as another account. posix_spawn cannot change credentials, so the child
 * execs util-linux {@code setpriv}, which sets the groups, gid and uid and then execs the program
 * itself: the pid we supervise is still the program's, at the price of one extra exec.
 */
final class UserSwitch {
    static final List<Path> SETPRIV_LOCATIONS = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));
    static final String NOT_ROOT = "can't switch to user '%s': taskmasterd is not running as root";
    static final String NO_SETPRIV = "can't switch to user '%s': setpriv not found in /usr/bin or /bin";

    private UserSwitch() {}

    /** Whether {@code user} means a switch: it names another account than the daemon's. */
    static boolean needed(UserSpec user, int currentUid) {
        return user != null && user.uid() != currentUid;
    }

    /**
     * The argv prefix that runs the rest as {@code user}: {@code setpriv --reuid=U --regid=G
     * --groups=g1,g2 --} (or {@code --clear-groups} when the account has no supplementary groups).
     */
    static List<String> prefix(UserSpec user, int effectiveUid) throws SpawnException {
        if (effectiveUid != 0) {
            throw new SpawnException(NOT_ROOT.formatted(user.name()));
        }
        Path setpriv = SETPRIV_LOCATIONS.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new SpawnException(NO_SETPRIV.formatted(user.name())));
        List<String> argv = new ArrayList<>();
        argv.add(setpriv.toString());
        argv.add("--reuid=" + user.uid());
        argv.add("--regid=" + user.gid());
        if (user.groups().isEmpty()) {
            argv.add("--clear-groups");
        } else {
            argv.add("--groups=" + user.groups().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        argv.add("--");
        return argv;
    }
}
