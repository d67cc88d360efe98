package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/** Every key and alias, and each dialect's defaults. */
class ProgramKeysTest {
    @TempDir
    Path dir;

    private ProcessSpec only(String text) throws ConfigException {
        Configuration c = TestConfigs.load(dir, text);
        assertThat(c.processes()).hasSize(1);
        return c.processes().getFirst();
    }

    @Test
    void specDialectDefaults() throws ConfigException {
        ProcessSpec p = only("[web]\ncmd = sleep 1\n");
        assertThat(p.name()).isEqualTo("web");
        assertThat(p.program()).isEqualTo("web");
        assertThat(p.group()).isEqualTo("web");
        assertThat(p.processNum()).isZero();
        assertThat(p.argv()).containsExactly("sleep", "1");
        assertThat(p.command()).isEqualTo("sleep 1");
        assertThat(p.umask()).isEqualTo(022);
        assertThat(p.workingDir()).isNull();
        assertThat(p.user()).isNull();
        assertThat(p.autostart()).isTrue();
        assertThat(p.autorestart()).isEqualTo(AutoRestart.UNEXPECTED);
        assertThat(p.exitCodes()).containsExactly(0);
        assertThat(p.startRetries()).isEqualTo(3);
        assertThat(p.startSeconds()).isEqualTo(5);
        assertThat(p.stopSignal()).isEqualTo(Signal.TERM);
        assertThat(p.stopSeconds()).isEqualTo(10);
        assertThat(p.stdout()).isEqualTo(Output.DISCARD);
        assertThat(p.stderr()).isEqualTo(Output.DISCARD);
        assertThat(p.redirectStderr()).isFalse();
        assertThat(p.priority()).isEqualTo(999);
        assertThat(p.stopAsGroup()).isTrue();
        assertThat(p.killAsGroup()).isTrue();
        assertThat(p.environment()).isEmpty();
    }

    @Test
    void supervisordDialectDefaults() throws ConfigException {
        ProcessSpec p = only("[program:web]\ncommand = sleep 1\n");
        assertThat(p.umask()).isNull();
        assertThat(p.startSeconds()).isEqualTo(1);
        assertThat(p.stopSeconds()).isEqualTo(10);
        assertThat(p.autorestart()).isEqualTo(AutoRestart.UNEXPECTED);
        assertThat(p.exitCodes()).containsExactly(0);
        assertThat(p.stdout()).isEqualTo(new Output.ToFile(dir.resolve("web-stdout.log")));
        assertThat(p.stderr()).isEqualTo(new Output.ToFile(dir.resolve("web-stderr.log")));
        assertThat(p.stopAsGroup()).isTrue();
        assertThat(p.killAsGroup()).isTrue();
    }

    @Test
    void specNames() throws ConfigException {
        ProcessSpec p = only("""
            [w]
            cmd = sleep 2
            numprocs = 1
            numprocs_start = 5
            process_name = worker%(process_num)d
            priority = -3
            autostart = no
            autorestart = true
            exitcodes = 0,2
            startretries = 7
            starttime = 0
            stopsignal = SIGUSR1
            stoptime = 4
            stopasgroup = false
            killasgroup = false
            umask = 077
            workingdir = sub
            user = alice
            stdout = out.log
            stderr = err.log
            env = A=1
            redirect_stderr = false
            """);
        assertThat(p.name()).isEqualTo("worker5");
        assertThat(p.processNum()).isEqualTo(5);
        assertThat(p.priority()).isEqualTo(-3);
        assertThat(p.autostart()).isFalse();
        assertThat(p.autorestart()).isEqualTo(AutoRestart.TRUE);
        assertThat(p.exitCodes()).containsExactlyInAnyOrder(0, 2);
        assertThat(p.startRetries()).isEqualTo(7);
        assertThat(p.startSeconds()).isZero();
        assertThat(p.stopSignal()).isEqualTo(Signal.USR1);
        assertThat(p.stopSeconds()).isEqualTo(4);
        assertThat(p.stopAsGroup()).isFalse();
        assertThat(p.killAsGroup()).isFalse();
        assertThat(p.umask()).isEqualTo(077);
        assertThat(p.workingDir()).isEqualTo(dir.resolve("sub"));
        assertThat(p.user()).isEqualTo(TestConfigs.ALICE);
        assertThat(p.stdout()).isEqualTo(new Output.ToFile(dir.resolve("out.log")));
        assertThat(p.stderr()).isEqualTo(new Output.ToFile(dir.resolve("err.log")));
        assertThat(p.environment()).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void supervisordAliases() throws ConfigException {
        ProcessSpec p = only("""
            [program:w]
            command = sleep 2
            startsecs = 9
            stopwaitsecs = 8
            directory = /tmp
            stdout_logfile = NONE
            stderr_logfile = off
            environment = B="x, y"
            redirect_stderr = true
            """);
        assertThat(p.argv()).containsExactly("sleep", "2");
        assertThat(p.startSeconds()).isEqualTo(9);
        assertThat(p.stopSeconds()).isEqualTo(8);
        assertThat(p.workingDir()).isEqualTo(Path.of("/tmp"));
        assertThat(p.stdout()).isEqualTo(Output.DISCARD);
        assertThat(p.stderr()).isEqualTo(Output.DISCARD);
        assertThat(p.environment()).containsExactly(Map.entry("B", "x, y"));
        assertThat(p.redirectStderr()).isTrue();
    }

    @Test
    void bothDialectsAcceptBothSpellings() throws ConfigException {
        ProcessSpec spec = only("[a]\ncommand = sleep 3\nstartsecs = 2\nstdout_logfile = AUTO\n");
        assertThat(spec.startSeconds()).isEqualTo(2);
        assertThat(spec.stdout()).isEqualTo(new Output.ToFile(dir.resolve("a-stdout.log")));
        ProcessSpec sup = only("[program:b]\ncmd = sleep 3\nstarttime = 2\nstdout = NONE\n");
        assertThat(sup.startSeconds()).isEqualTo(2);
        assertThat(sup.stdout()).isEqualTo(Output.DISCARD);
    }

    @Test
    void outputKeysAreAcceptedAndChecked() throws ConfigException {
        only("""
            [a]
            cmd = x
            stdout_logfile_maxbytes = 10MB
            stdout_maxbytes = 1KB
            stdout_logfile_backups = 3
            stderr_logfile_maxbytes = 0
            stderr_backups = 2
            stdout_capture_maxbytes = 1GB
            stderr_capture_maxbytes = 0
            stdout_events_enabled = false
            stderr_events_enabled = true
            stdout_syslog = no
            stderr_syslog = yes
            timestamps = on
            stdin = pipe
            serverurl = AUTO
            """);
        List<String> errors = TestConfigs.errors(dir, """
            [a]
            cmd = x
            stdout_logfile_maxbytes = 1.5MB
            stderr_logfile_backups = many
            timestamps = sometimes
            """);
        assertThat(errors)
                .containsExactly(
                        dir.resolve("main.conf") + ":3: [a] stdout_logfile_maxbytes: '1.5MB' is not a byte size"
                                + " (allowed: a whole number of bytes with an optional KB, MB or GB suffix, like 50MB)",
                        dir.resolve("main.conf") + ":4: [a] stderr_logfile_backups: 'many' is not a whole number"
                                + " (allowed: an integer from 0 to 1000)",
                        dir.resolve("main.conf") + ":5: [a] timestamps: 'sometimes' is not a boolean"
                                + " (allowed: true/false, yes/no, on/off, 1/0)");
    }

    @Test
    void outputPoliciesTimestampsAndStdin() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [taskmasterd]
            timestamps = true
            [a]
            cmd = x
            stdout = a.log
            stdout_maxbytes = 1KB
            stdout_backups = 2
            stderr = AUTO
            stderr_logfile_maxbytes = 0
            stdin = pipe
            [b]
            cmd = x
            stdout = -
            stderr = /dev/stdout
            timestamps = false
            [program:c]
            command = x
            stderr_logfile = -
            """);
        ProcessSpec a = c.programsByName().get("a").processes().getFirst();
        assertThat(a.stdout()).isEqualTo(new Output.ToFile(dir.resolve("a.log"), 1024, 2));
        assertThat(a.stderr()).isEqualTo(new Output.ToFile(dir.resolve("a-stderr.log"), 0, 10));
        assertThat(a.timestamps()).isTrue();
        assertThat(a.stdinPipe()).isTrue();
        ProcessSpec b = c.programsByName().get("b").processes().getFirst();
        assertThat(b.stdout()).isEqualTo(Output.DAEMON_STDOUT);
        assertThat(b.stderr()).isEqualTo(Output.DAEMON_STDOUT);
        assertThat(b.timestamps()).isFalse();
        assertThat(b.stdinPipe()).isFalse();
        ProcessSpec sup = c.programsByName().get("c").processes().getFirst();
        assertThat(sup.stdout()).isEqualTo(new Output.ToFile(dir.resolve("c-stdout.log"), 50L << 20, 10));
        assertThat(sup.stderr()).isEqualTo(Output.DAEMON_STDERR);
        assertThat(TestConfigs.errors(dir, "[a]\ncmd = x\nstdin = keyboard\n"))
                .singleElement()
                .asString()
                .contains("stdin: 'keyboard' is not a stdin (allowed: pipe, /dev/null, or NONE)");
    }

    @Test
    void numprocsNamesEachProcessAndItsLogs() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [web]
            cmd = serve --id %(process_num)s
            numprocs = 3
            stdout = web.log
            stderr = web-%(process_num)02d.err
            env = WORKER_ID=%(process_num)s,N=%(numprocs)d
            """);
        List<ProcessSpec> ps = c.programsByName().get("web").processes();
        assertThat(ps).extracting(ProcessSpec::name).containsExactly("web_00", "web_01", "web_02");
        assertThat(ps)
                .extracting(ProcessSpec::argv)
                .containsExactly(
                        List.of("serve", "--id", "0"), List.of("serve", "--id", "1"), List.of("serve", "--id", "2"));
        assertThat(ps)
                .extracting(ProcessSpec::stdout)
                .containsExactly(
                        new Output.ToFile(dir.resolve("web.log.0")),
                        new Output.ToFile(dir.resolve("web.log.1")),
                        new Output.ToFile(dir.resolve("web.log.2")));
        assertThat(ps)
                .extracting(ProcessSpec::stderr)
                .containsExactly(
                        new Output.ToFile(dir.resolve("web-00.err")),
                        new Output.ToFile(dir.resolve("web-01.err")),
                        new Output.ToFile(dir.resolve("web-02.err")));
        assertThat(ps).extracting(p -> p.environment().get("WORKER_ID")).containsExactly("0", "1", "2");
        assertThat(ps).extracting(p -> p.environment().get("N")).containsOnly("3");
    }

    @Test
    void autoLogsAreNamedAfterEachProcess() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "[program:q]\ncommand=x\nnumprocs=2\nnumprocs_start=1\n");
        assertThat(c.processes())
                .extracting(ProcessSpec::stdout)
                .containsExactly(
                        new Output.ToFile(dir.resolve("q_01-stdout.log")),
                        new Output.ToFile(dir.resolve("q_02-stdout.log")));
    }

    @Test
    void programEnvIsMergedOverTheDaemonsAndUsableInLaterOptions() throws ConfigException {
        ProcessSpec p = only("""
            [taskmasterd]
            environment = A=global,B=global
            [w]
            cmd = echo %(ENV_B)s %(ENV_HOME)s
            env = B=mine,C=%(ENV_A)s
            """);
        assertThat(p.environment())
                .containsOnly(Map.entry("A", "global"), Map.entry("B", "mine"), Map.entry("C", "global"));
        assertThat(p.argv()).containsExactly("echo", "mine", "/home/alice");
    }

    @Test
    void everyExpansionName() throws ConfigException {
        write(
                "sub/x.conf",
                "[w]\ncmd = echo %(program_name)s %(group_name)s %(here)s %(host_node_name)s"
                        + " %(process_num)d %(numprocs)d %(ENV_USER)s 100%%\n");
        Configuration c = TestConfigs.load(dir, "[include]\nfiles = sub/*.conf\n");
        assertThat(c.processes().getFirst().argv())
                .containsExactly(
                        "echo", "w", "w", dir.resolve("sub").toString(), "testhost", "0", "1", "alice", "100%");
    }

    @Test
    void redirectStderrIgnoresStderrWithAWarning() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "[w]\ncmd = x\nredirect_stderr = true\nstderr = e.log\n");
        assertThat(c.processes().getFirst().stderr()).isEqualTo(Output.DISCARD);
        assertThat(c.warnings())
                .containsExactly(dir.resolve("main.conf")
                        + ":4: [w] stderr: ignored: redirect_stderr is true, so stderr goes to stdout");
    }

    @Test
    void missingWorkingDirIsOnlyAWarning() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "[w]\ncmd = x\nworkingdir = /nonexistent/app\n");
        assertThat(c.processes().getFirst().workingDir()).isEqualTo(Path.of("/nonexistent/app"));
        assertThat(c.warnings())
                .singleElement()
                .asString()
                .contains(":3: [w] workingdir: '/nonexistent/app' is not an existing directory");
    }

    @Test
    void shellCommandsRunUnderSh() throws ConfigException {
        assertThat(only("[w]\ncmd = echo a | wc -l > /dev/null\n").argv())
                .containsExactly("/bin/sh", "-c", "echo a | wc -l > /dev/null");
    }

    private void write(String name, String text) {
        TestConfigs.write(dir, name, text);
    }
}
