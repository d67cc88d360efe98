package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error names FILE:LINE, all are collected in one pass. */
class ErrorReportingTest {
    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    @Test
    void formatOfAnError() {
        ConfigError e = new ConfigError(
                Path.of("/etc/tm/a.conf"),
                12,
                "web",
                "numprocs",
                "'abc' is not a whole number (allowed: an integer from 1 to 1000)");
        assertThat(e)
                .hasToString(
                        "/etc/tm/a.conf:12: [web] numprocs: 'abc' is not a whole number (allowed: an integer from 1 to"
                                + " 1000)");
        assertThat(new ConfigError(Path.of("/a"), 3, "w", null, "m")).hasToString("/a:3: [w] m");
        assertThat(new ConfigError(Path.of("/a"), 0, null, null, "m")).hasToString("/a: m");
    }

    @Test
    void allErrorsInOnePassWithTheirLines() {
        List<String> errors = TestConfigs.errors(dir, """
            [web]
            cmd = python3 worker.py
            numprocs = abc
            autorestrat = true
            autostart = maybe

            [api]
            cmd = "unterminated
            stopsignal = SIGFOO
            exitcodes = 0,256
            umask = 999
            env = A=1 B=2
            starttime = -1
            user = nobody
            """);
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        at(4) + "[web] autorestrat: unknown key (did you mean 'autorestart'?)",
                        at(3) + "[web] numprocs: 'abc' is not a whole number (allowed: an integer from 1 to 1000)",
                        at(5) + "[web] autostart: 'maybe' is not a boolean (allowed: true/false, yes/no, on/off, 1/0)",
                        at(12)
                                + "[api] env: 'A=1 B=2': unquoted value with a space at position 4 (allowed: KEY=value"
                                + " pairs separated by commas; quote a value holding spaces or commas, like A=\"x,"
                                + " y\",B=2)",
                        at(8)
                                + "[api] cmd: '\"unterminated': unterminated double quote at position 1 (allowed:"
                                + " close every quote; a ; or # after a space starts a comment unless double-quoted)",
                        at(11)
                                + "[api] umask: '999' is not an octal umask (allowed: octal digits from 0 to 777, like"
                                + " 022)",
                        at(14)
                                + "[api] user: unknown user 'nobody' (allowed: a user name or uid listed in"
                                + " /etc/passwd)",
                        at(10)
                                + "[api] exitcodes: '256' in '0,256' is not an exit code (allowed: comma-separated"
                                + " integers from 0 to 255, like 0,2)",
                        at(13) + "[api] starttime: '-1' is out of range (allowed: an integer from 0 up)",
                        at(9)
                                + "[api] stopsignal: 'SIGFOO' is not a signal (allowed: a name with or without SIG,"
                                + " like TERM, SIGINT, HUP, QUIT, KILL, USR1, USR2, or a number from 1 to 31)");
    }

    @Test
    void exceptionMessageListsEveryError() {
        assertThatThrownBy(() -> TestConfigs.load(dir, "[a]\ncmd = x\nnumprocs = 0\n[b]\nstoptime = x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("3 errors in the configuration:\n")
                .hasMessageContaining(at(3) + "[a] numprocs: '0' is out of range")
                .hasMessageContaining(at(4) + "[b] cmd: is required but missing")
                .hasMessageContaining(at(5) + "[b] stoptime: 'x' is not a whole number");
    }

    @Test
    void namesAreChecked() {
        assertThat(TestConfigs.errors(dir, "[we b]\ncmd = x\n[ok]\ncmd = x\nprocess_name = a/b\n"))
                .containsExactly(
                        at(1)
                                + "[we b] 'we b' is not a valid program name (allowed: letters, digits, '_', '.' and"
                                + " '-')",
                        at(5)
                                + "[ok] process_name: 'a/b' is not a valid process name (allowed: letters, digits,"
                                + " '_', '.' and '-')");
    }

    @Test
    void processNameMustVaryWithSeveralProcesses() {
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = x\nnumprocs = 2\nprocess_name = w\n"))
                .first()
                .asString()
                .isEqualTo(at(4) + "[w] process_name: 'w' names every process the same (allowed: a name with"
                        + " %(process_num), like %(program_name)s_%(process_num)02d, when numprocs > 1)");
    }

    @Test
    void duplicateProgramsAndProcessNames() {
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\n[program:web]\ncommand = y\n"))
                .containsExactly(at(3) + "[program:web] program 'web' is already defined at " + dir.resolve("main.conf")
                        + ":1 (allowed: one section per program, [web] or [program:web])");
        assertThat(TestConfigs.errors(dir, "[a]\ncmd = x\nprocess_name = p\n[b]\ncmd = y\nprocess_name = p\n"))
                .singleElement()
                .asString()
                .endsWith(
                        "process name 'p' is also used by program 'a' (allowed: process names unique across programs)");
    }

    @Test
    void stopAsGroupNeedsKillAsGroup() {
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = x\nstopasgroup = true\nkillasgroup = false\n"))
                .containsExactly(at(4)
                        + "[w] killasgroup: 'false' conflicts with stopasgroup=true (allowed: killasgroup=true"
                        + " whenever stopasgroup=true)");
    }

    @Test
    void expansionErrors() {
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = echo %(nope)s\nstdout = %(ENV_NOPE)s/x\n"))
                .containsExactly(
                        at(2)
                                + "[w] cmd: unknown name 'nope' in 'echo %(nope)s' (available: group_name, here,"
                                + " host_node_name, numprocs, process_num, program_name, ENV_X for each variable X of"
                                + " the environment)",
                        at(3)
                                + "[w] stdout: environment variable 'NOPE' is not set, in '%(ENV_NOPE)s/x' (available:"
                                + " group_name, here, host_node_name, numprocs, process_num, program_name, ENV_X for"
                                + " each variable X of the environment)");
    }

    @Test
    void logDirectoriesMustExist() {
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = x\nstdout = /nonexistent/dir/out.log\nstderr = syslog\n"))
                .containsExactly(
                        at(3)
                                + "[w] stdout: the directory '/nonexistent/dir' of '/nonexistent/dir/out.log' does not"
                                + " exist (allowed: a file in an existing directory, AUTO, NONE, or - for the daemon's"
                                + " console)",
                        at(4)
                                + "[w] stderr: 'syslog' is not supported (allowed: a file path, AUTO, NONE, or - for"
                                + " the daemon's console)");
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = x\nstdout = " + dir + "\n"))
                .singleElement()
                .asString()
                .contains("is a directory (allowed: a file in an existing directory");
    }

    @Test
    void aliasGivenTwiceKeepsTheLastWithAWarning() throws ConfigException {
        var c = TestConfigs.load(dir, "[w]\ncmd = first\ncommand = second\n");
        assertThat(c.processes().getFirst().argv()).containsExactly("second");
        assertThat(c.warnings())
                .containsExactly(at(2) + "[w] cmd: ignored: the same key is given as 'command' at "
                        + dir.resolve("main.conf") + ":3, which wins");
    }

    @Test
    void missingMainFile() {
        assertThatThrownBy(() -> new ConfigLoader(TestConfigs.inputs(dir)).load(dir.resolve("nope.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("nope.conf") + ": cannot read: no such file");
    }

    @Test
    void errorsComeInTheOrderOfTheirLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("order.conf");
        java.nio.file.Files.writeString(
                f, "[web]\ncmd = sleep 1\nnumprocs = 0\nautorestrat = true\nstopsignal = FOO\n");
        try {
            new ConfigLoader().load(f);
            throw new AssertionError("expected errors");
        } catch (ConfigException e) {
            org.assertj.core.api.Assertions.assertThat(e.errors())
                    .extracting(ConfigError::line)
                    .containsExactly(3, 4, 5);
        }
    }
}
