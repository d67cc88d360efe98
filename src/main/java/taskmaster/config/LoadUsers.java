package taskmaster.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import taskmaster.model.UserSpec;

/**
 * The accounts as one load sees them: each name or uid is looked up once, however many programs
 * or processes name it. {@link PasswdUserDirectory} reads /etc/passwd and /etc/group on every
 * lookup, which a thousand programs with {@code user = www} made a thousand times. A new load (a
 * reload) looks again, so an account added meanwhile is found.
 */
final class LoadUsers implements UserDirectory {
    private final UserDirectory users;
    private final Map<String, Optional<UserSpec>> byName = new HashMap<>();
    private final Map<Integer, Optional<UserSpec>> byUid = new HashMap<>();

    LoadUsers(UserDirectory users) {
        this.users = users;
    }

    /** These inputs with their accounts looked up once each for the load. */
    static LoaderInputs of(LoaderInputs inputs) {
        return new LoaderInputs(
                inputs.env(),
                new LoadUsers(inputs.users()),
                inputs.currentUid(),
                inputs.hostNodeName(),
                inputs.defaultChildLogDir());
    }

    @Override
    public Optional<UserSpec> byName(String name) {
        return byName.computeIfAbsent(name, users::byName);
    }

    @Override
    public Optional<UserSpec> byUid(int uid) {
        return byUid.computeIfAbsent(uid, users::byUid);
    }
}
