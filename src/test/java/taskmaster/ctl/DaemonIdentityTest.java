package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.TestDaemon;

/**
 * taskmasterctl drives the daemon it was pointed at, or nothing: daemon A serves a.conf on a port;
 * b.conf names the same port, so B's daemon cannot start, and {@code taskmasterctl -c b.conf} must
 * not show or touch A's programs.
 */
class DaemonIdentityTest {

    private static final String LOGIN = "jolokia_user = ops\njolokia_password = same-on-both\n";

    @Test
    void withGeneratedSecretsTheOtherDaemonRefusesTheLoginAndTheMessageSaysWhy(@TempDir Path root) throws Exception {
        Path dirA = Files.createDirectory(root.resolve("a"));
        Path dirB = privateDir(root.resolve("b"));
        TestDaemon a = TestDaemon.in(dirA)
                .programs("[one]\ncmd = sleep 100000\nstarttime = 0\n")
                .start()
                .awaitUrl();
        try {
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Run.ctl(a, "status", "one").code() == Exit.OK);
            int port = URI.create(a.url).getPort();
            Path b = dirB.resolve("b.conf");
            Files.writeString(
                    b,
                    "[taskmasterd]\npidfile = %(here)s/b.pid\njolokia_port = " + port
                            + "\n[two]\ncmd = sleep 100000\n");
            Run status = Run.of(Map.of(), "-c", b.toString(), "status");
            assertThat(status.code()).isEqualTo(Exit.UNREACHABLE);
            assertThat(status.out()).isEmpty();
            assertThat(status.err()).contains("HTTP 401", "it is not the daemon of " + b);
            assertThat(Run.ctl(a, "status", "one").code()).isEqualTo(Exit.OK);
        } finally {
            a.close();
        }
    }

    @Test
    void aDaemonServingAnotherConfigurationIsRefusedUnlessGivenWithS(@TempDir Path root) throws Exception {
        Path dirA = Files.createDirectory(root.resolve("a"));
        Path dirB = privateDir(root.resolve("b"));
        // The same login on both, so the daemon reached lets b.conf in and the identity check is what refuses.
        TestDaemon a = TestDaemon.in(dirA)
                .keys(LOGIN)
                .programs("[one]\ncmd = sleep 100000\nstarttime = 0\n")
                .start()
                .awaitUrl();
        try {
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Run.ctl(a, "status", "one").code() == Exit.OK);
            String url = a.url;
            int port = URI.create(url).getPort();
            Path b = dirB.resolve("b.conf");
            Files.writeString(
                    b,
                    "[taskmasterd]\npidfile = %(here)s/b.pid\nlogfile = %(here)s/b.log\n" + "jolokia_port = " + port
                            + "\n" + LOGIN + "[two]\ncmd = sleep 100000\n");

            // B's daemon does not start: the port is A's
            Process daemonB = new ProcessBuilder(
                            DaemonConfig.javaMain(List.of("-Xmx256m"), List.of("-n", "-c", b.toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(dirB.resolve("console.out").toFile())
                    .start();
            assertThat(daemonB.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(daemonB.exitValue()).isNotZero();

            // so taskmasterctl -c b.conf reaches A, says so and does nothing
            Run status = Run.of(Map.of(), "-c", b.toString(), "status");
            assertThat(status.code()).isEqualTo(Exit.OTHER_DAEMON);
            assertThat(status.out()).isEmpty();
            String first = status.err().lines().findFirst().orElseThrow();
            assertThat(first)
                    .contains(
                            "taskmasterd at " + url,
                            "serves " + a.conf,
                            "(pid " + a.process.pid() + ")",
                            "not " + b,
                            "came from " + b,
                            "nothing was done");
            assertThat(status.err()).contains("-s " + url);
            Run stop = Run.of(Map.of(), "-c", b.toString(), "stop", "one");
            assertThat(stop.code()).isEqualTo(Exit.OTHER_DAEMON);
            assertThat(Run.ctl(a, "status", "one").code()).isEqualTo(Exit.OK);

            // at the prompt too: every command is refused with the same message
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            Supervisor sup =
                    new Supervisor(new JolokiaClient(Target.resolve(b.toString(), null, null, null, Map.of())));
            try (Terminal t = new DumbTerminal(
                    "test",
                    Terminal.TYPE_DUMB,
                    new ByteArrayInputStream("stop one\nquit\n".getBytes(StandardCharsets.UTF_8)),
                    screen,
                    StandardCharsets.UTF_8)) {
                new Console(t, root.resolve("history"), new Commands(), sup).run();
            }
            assertThat(screen.toString(StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> l.contains("serves " + a.conf))
                            .count())
                    .isEqualTo(2); // status, then stop
            assertThat(Run.ctl(a, "status", "one").code()).isEqualTo(Exit.OK);

            // given explicitly, the address is used as it is
            // (an explicit address takes no credentials from the file: they are given with it)
            Run explicit =
                    Run.of(Map.of(), "-c", b.toString(), "-s", url, "-u", "ops", "-p", "same-on-both", "status", "one");
            assertThat(explicit.code()).isEqualTo(Exit.OK);
            assertThat(explicit.out()).startsWith("one ");
            assertThat(Run.of(
                                    Map.of(
                                            "TASKMASTER_URL",
                                            url,
                                            "TASKMASTER_USER",
                                            "ops",
                                            "TASKMASTER_PASSWORD",
                                            "same-on-both"),
                                    "-c",
                                    b.toString(),
                                    "status",
                                    "one")
                            .code())
                    .isEqualTo(Exit.OK);

            // the same file under another name is the same daemon: paths are compared with symlinks resolved
            Path link = Files.createSymbolicLink(dirA.resolve("alias.conf"), a.conf);
            Path linkedDir = Files.createSymbolicLink(root.resolve("linked"), dirA);
            Run viaLink = Run.of(Map.of(), "-c", link.toString(), "status", "one");
            assertThat(viaLink.code()).as(viaLink.err()).isEqualTo(Exit.OK);
            Run viaDir =
                    Run.of(Map.of(), "-c", linkedDir.resolve("taskmaster.conf").toString(), "status", "one");
            assertThat(viaDir.code()).as(viaDir.err()).isEqualTo(Exit.OK);
        } finally {
            a.close();
        }
    }

    /**
     * Only its owner may write there, whatever the umask: else b.conf's run files would be looked for
     * in the user's default run folder, which other daemons of the machine share.
     */
    private static Path privateDir(Path dir) throws java.io.IOException {
        return Files.createDirectory(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
