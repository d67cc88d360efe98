package taskmaster.model;

import java.util.List;

/** The account a process runs as, resolved when the configuration is loaded. */
public record UserSpec(String name, int uid, int gid, List<Integer> groups, String home) {
    public UserSpec {
        groups = List.copyOf(groups);
    }
}
