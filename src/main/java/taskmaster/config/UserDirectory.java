package taskmaster.config;

import java.nio.file.Path;
import java.util.Optional;
import taskmaster.model.UserSpec;

/** Looks accounts up; tests give their own, the daemon reads /etc/passwd and /etc/group. */
public interface UserDirectory {

    Optional<UserSpec> byName(String name);

    Optional<UserSpec> byUid(int uid);

    static UserDirectory system() {
        return new PasswdUserDirectory(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }
}
