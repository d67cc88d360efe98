package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.SpawnException;

/** The PATH search before a spawn, and how long a hit is remembered. */
class CommandResolverTest {

    @TempDir
    Path tmp;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final CommandResolver resolver = new CommandResolver(clock::get);

    private Path tool(Path dir, String name, String mode) throws Exception {
        Files.createDirectories(dir);
        Path f = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void takesTheFirstExecutableOnThePathAndSaysWhichFileIsNotExecutable() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        tool(a, "t", "rw-------");
        Path good = tool(b, "t", "rwx------");
        String path = "" + ":" + tmp.resolve("none") + ":" + a + ":" + b;
        assertThat(resolver.resolve("t", path, tmp)).isEqualTo(good);
        assertThatThrownBy(() -> resolver.resolve("t", a.toString(), tmp))
                .isInstanceOf(SpawnException.class)
                .hasMessage("command '" + a.resolve("t") + "' is not executable");
        assertThatThrownBy(() -> resolver.resolve("nosuch", path, tmp)).hasMessage("can't find command 'nosuch'");
    }

    @Test
    void remembersAHitForASecondAndAMissNotAtAll() throws Exception {
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        assertThatThrownBy(() -> resolver.resolve("late", bin.toString(), tmp)).hasMessage("can't find command 'late'");
        Path late = tool(bin, "late", "rwx------");
        assertThat(resolver.resolve("late", bin.toString(), tmp)).isEqualTo(late); // installed since: found at once

        Files.delete(late);
        assertThat(resolver.resolve("late", bin.toString(), tmp)).isEqualTo(late); // within the second: remembered
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(CommandResolver.REMEMBER_MS));
        assertThatThrownBy(() -> resolver.resolve("late", bin.toString(), tmp)).hasMessage("can't find command 'late'");
    }

    @Test
    void aHitIsRememberedForItsOwnPathAndDirectoryOnly() throws Exception {
        Path one = tool(tmp.resolve("one"), "t", "rwx------");
        Path two = tool(tmp.resolve("two"), "t", "rwx------");
        assertThat(resolver.resolve("t", "one", tmp)).isEqualTo(one);
        assertThat(resolver.resolve("t", "two", tmp)).isEqualTo(two);
        Path elsewhere = tmp.resolve("w");
        Path three = tool(elsewhere.resolve("one"), "t", "rwx------");
        assertThat(resolver.resolve("t", "one", elsewhere)).isEqualTo(three); // relative entries: the working dir's
    }

    @Test
    void aCommandWithASlashIsLookedAtEveryTime() throws Exception {
        Path t = tool(tmp, "direct", "rwx------");
        assertThat(resolver.resolve("./direct", null, tmp)).isEqualTo(t);
        Files.delete(t);
        assertThatThrownBy(() -> resolver.resolve("./direct", null, tmp)).hasMessage("can't find command './direct'");
    }
}
