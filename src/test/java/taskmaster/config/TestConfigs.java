package taskmaster.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import taskmaster.model.Configuration;
import taskmaster.model.UserSpec;

/** Deterministic inputs and small file helpers shared by the loader tests. */
final class TestConfigs {
    static final int ME = 1000;
    static final UserSpec ALICE = new UserSpec("alice", ME, 1000, List.of(1000, 27), "/home/alice");
    static final UserSpec BOB = new UserSpec("bob", 1001, 1001, List.of(1001), "/home/bob");
    static final UserSpec ROOT = new UserSpec("root", 0, 0, List.of(0), "/root");

    static final UserDirectory USERS = new UserDirectory() {
        @Override
        public Optional<UserSpec> byName(String name) {
            return List.of(ALICE, BOB, ROOT).stream()
                    .filter(u -> u.name().equals(name))
                    .findFirst();
        }

        @Override
        public Optional<UserSpec> byUid(int uid) {
            return List.of(ALICE, BOB, ROOT).stream()
                    .filter(u -> u.uid() == uid)
                    .findFirst();
        }
    };

    private TestConfigs() {}

    static LoaderInputs inputs(Path childLogDir) {
        return new LoaderInputs(
                Map.of("HOME", "/home/alice", "USER", "alice", "PATH", "/usr/bin:/bin"),
                USERS,
                ME,
                "testhost",
                childLogDir);
    }

    static LoaderInputs rootInputs(Path childLogDir) {
        return new LoaderInputs(Map.of("HOME", "/root"), USERS, 0, "testhost", childLogDir);
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            return Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Configuration load(Path dir, String text) throws ConfigException {
        return new ConfigLoader(inputs(dir)).load(write(dir, "main.conf", text));
    }

    /** The errors of a file that must not load, as strings. */
    static List<String> errors(Path dir, String text) {
        try {
            load(dir, text);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors, the configuration loaded");
    }
}
