package taskmaster.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import taskmaster.model.UserSpec;

/**
 * Accounts from passwd and group files. Only local files are read (no NSS, so no LDAP users):
 * the JDK has no getpwnam, and a supervisor's accounts are local in practice.
 */
public final class PasswdUserDirectory implements UserDirectory {
    private final Path passwd;
    private final Path group;

    public PasswdUserDirectory(Path passwd, Path group) {
        this.passwd = passwd;
        this.group = group;
    }

    @Override
    public Optional<UserSpec> byName(String name) {
        return users().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    @Override
    public Optional<UserSpec> byUid(int uid) {
        return users().stream().filter(u -> u.uid() == uid).findFirst();
    }

    private List<UserSpec> users() {
        List<String[]> groups = fields(group, 4);
        List<UserSpec> users = new ArrayList<>();
        for (String[] f : fields(passwd, 7)) {
            try {
                int uid = Integer.parseInt(f[2]);
                int gid = Integer.parseInt(f[3]);
                users.add(new UserSpec(f[0], uid, gid, groupsOf(f[0], gid, groups), f[5]));
            } catch (NumberFormatException e) {
                // a malformed line names no usable account
            }
        }
        return users;
    }

    /** The primary group first, then every group that lists the user, as setgroups() wants them. */
    private static List<Integer> groupsOf(String user, int gid, List<String[]> groups) {
        Set<Integer> ids = new LinkedHashSet<>();
        ids.add(gid);
        for (String[] g : groups) {
            if (List.of(g[3].split(",")).contains(user)) {
                try {
                    ids.add(Integer.parseInt(g[2]));
                } catch (NumberFormatException e) {
                    // skip a malformed line
                }
            }
        }
        return List.copyOf(ids);
    }

    private static List<String[]> fields(Path file, int count) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(":", -1))
                    .filter(f -> f.length >= count)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
