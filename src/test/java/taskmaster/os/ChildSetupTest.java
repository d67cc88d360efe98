package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.ExitStatus;

/** What a spawned program gets: its own pid, session, descriptors, signals, umask, env. */
class ChildSetupTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    @Test
    void pidIsTheProgramsOwnAndLeadsItsSessionAndGroup() throws Exception {
        long pid = spawn(SpecBuilder.command("sleep", "1000").build()).pid();

        // posix_spawn returns once the exec has begun (vfork semantics); the kernel fills in
        // the new command line a moment later.
        await().atMost(BOUND).until(() -> Proc.cmdline(pid).equals(java.util.List.of("sleep", "1000")));
        assertThat(Proc.comm(pid)).isEqualTo("sleep");
        assertThat(Proc.pgid(pid)).isEqualTo(pid);
        assertThat(Proc.sid(pid)).isEqualTo(pid);
        assertThat(Proc.ppid(pid)).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void inheritsOnlyDescriptorsZeroToTwoWithStdinFromDevNull() throws Exception {
        long pid = spawn(SpecBuilder.command("sleep", "1000").build()).pid();

        // Awaited, not asserted at once: while sleep starts, the dynamic loader briefly holds
        // fd 3 (ld.so.cache, libc.so.6). A descriptor leaked from the JVM would stay forever.
        await().atMost(BOUND).until(() -> Proc.fds(pid).equals(java.util.List.of("0", "1", "2")));
        assertThat(Proc.fdTarget(pid, 0)).isEqualTo("/dev/null");
    }

    @Test
    void startsWithNoSignalBlockedOrIgnored() throws Exception {
        long pid = spawn(SpecBuilder.command("sleep", "1000").build()).pid();

        Map<String, String> status = Proc.status(pid);
        assertThat(status.get("SigBlk")).matches("0+");
        assertThat(status.get("SigIgn")).matches("0+");

        Process jdkChild = new ProcessBuilder("sleep", "1000").start();
        try {
            System.out.println("SigIgn of a ProcessBuilder child: "
                    + Proc.status(jdkChild.pid()).get("SigIgn") + ", of ours: " + status.get("SigIgn"));
        } finally {
            jdkChild.destroyForcibly().waitFor();
        }
    }

    @Test
    void appliesTheUmask() throws Exception {
        Path out = tmp.resolve("umask");
        Started s = spawn(SpecBuilder.shell("umask > " + out).umask(027).build());

        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(0));
        assertThat(Files.readString(out).trim()).isEqualTo("0027");
    }

    @Test
    void leavesTheDaemonsUmaskAsItWas() throws Exception {
        int before = Posix.linux().umask(022);
        Posix.linux().umask(before);
        spawn(SpecBuilder.shell("exit 0").umask(077).build()).awaitExit();
        int after = Posix.linux().umask(before);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void runsInTheWorkingDirectory() throws Exception {
        long pid = spawn(SpecBuilder.command("sleep", "1000").workingDir(tmp).build())
                .pid();

        assertThat(Proc.cwd(pid)).isEqualTo(tmp.toRealPath());
    }

    @Test
    void relativeCommandIsRelativeToTheWorkingDirectory() throws Exception {
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\npwd > pwd.txt\n");
        script.toFile().setExecutable(true);

        Started s = spawn(SpecBuilder.command("./run.sh").workingDir(tmp).build());

        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(0));
        assertThat(Files.readString(tmp.resolve("pwd.txt")).trim())
                .isEqualTo(tmp.toRealPath().toString());
    }

    @Test
    void passesTheEnvironmentWithSupervisorVariables() throws Exception {
        long pid = spawn(SpecBuilder.command("sleep", "1000")
                        .name("web_00")
                        .group("web")
                        .env("FOO", "bar baz")
                        .build())
                .pid();

        assertThat(Proc.environ(pid))
                .contains(
                        "FOO=bar baz",
                        "SUPERVISOR_ENABLED=1",
                        "SUPERVISOR_PROCESS_NAME=web_00",
                        "SUPERVISOR_GROUP_NAME=web",
                        "PATH=" + System.getenv("PATH"));
    }

    @Test
    void programEnvironmentWinsOverTheDaemons() throws Exception {
        long pid = spawn(SpecBuilder.command("sleep", "1000")
                        .env("SUPERVISOR_ENABLED", "no")
                        .build())
                .pid();

        assertThat(Proc.environ(pid)).contains("SUPERVISOR_ENABLED=no").doesNotContain("SUPERVISOR_ENABLED=1");
    }

    @Test
    void appendsStdoutAndStderrToTheirFiles() throws Exception {
        Path out = tmp.resolve("out.log");
        Path err = tmp.resolve("err.log");
        var spec = SpecBuilder.shell("echo out; echo err >&2")
                .stdout(out)
                .stderr(err)
                .build();

        spawn(spec).awaitExit();
        spawn(spec).awaitExit();

        assertThat(Files.readString(out)).isEqualTo("out\nout\n");
        assertThat(Files.readString(err)).isEqualTo("err\nerr\n");
        assertThat(Files.getPosixFilePermissions(out))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void discardsToDevNull() throws Exception {
        long pid = spawn(SpecBuilder.command("sleep", "1000").build()).pid();

        assertThat(Proc.fdTarget(pid, 1)).isEqualTo("/dev/null");
        assertThat(Proc.fdTarget(pid, 2)).isEqualTo("/dev/null");
    }

    @Test
    void redirectedStderrInterleavesWithStdoutInOrder() throws Exception {
        Path out = tmp.resolve("both.log");
        Started s = spawn(SpecBuilder.shell("echo one; echo two >&2; echo three")
                .stdout(out)
                .redirectStderr()
                .build());

        s.awaitExit();
        assertThat(Files.readString(out)).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void stdoutFileKeepsWritingWhileRunning() throws IOException, Exception {
        Path out = tmp.resolve("ticks.log");
        spawn(SpecBuilder.shell("while :; do echo tick; sleep 0.05; done")
                .stdout(out)
                .build());

        await().atMost(BOUND)
                .until(() -> Files.exists(out) && Files.readString(out).lines().count() >= 3);
    }
}
