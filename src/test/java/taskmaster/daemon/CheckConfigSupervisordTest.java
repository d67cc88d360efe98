package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.daemon.CheckConfigTest.main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskmasterd --check-config} on supervisord's files: the keys supervisord ignores are
 * printed as warnings (errors with {@code --strict}), and the intended differences that apply to
 * the file are printed as notes, each with the key that restores supervisord's behaviour.
 */
class CheckConfigSupervisordTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Files.createDirectories(dir.resolve("log"));
        return Files.writeString(dir.resolve("supervisord.conf"), text);
    }

    private Path supervisordFile() throws IOException {
        return write("""
            [supervisord]
            nodaemon = true
            unmask = 022

            [program:web]
            command = /bin/sleep 100
            startdelay = 5
            stdout_logfile = /dev/stdout

            [program:db]
            command = /bin/sleep 100
            stopasgroup = false
            stdout_logfile = %(here)s/log/db.log
            stderr_logfile = %(here)s/log/db.err

            [fcgi-program:php]
            command = /usr/bin/php-cgi
            socket = unix:///tmp/php.sock

            [inet_http_server]
            port = 9001

            [eventlistener:crash]
            command = /bin/cat
            events = PROCESS_STATE_EXITED
            """);
    }

    private static List<String> notes(String out) {
        return Arrays.stream(out.split("\n"))
                .filter(l -> l.startsWith("note: "))
                .toList();
    }

    @Test
    void warningsAndNotesThatApplyToTheFile() throws IOException {
        Path file = supervisordFile();
        CheckConfigTest.Run r = main("--check-config", "-c", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .contains(
                        "warning: " + file + ":3: [supervisord] unmask: unknown key, ignored as supervisord ignores it"
                                + " (did you mean 'umask'? --strict or strict = true makes it an error)")
                .contains("warning: " + file + ":7: [program:web] startdelay: unknown key, ignored as supervisord"
                        + " ignores it (nearest known key: 'startsecs'; --strict or strict = true makes it an error)")
                .contains("warning: " + file + ":16: [fcgi-program:php] not supported");
        assertThat(notes(r.out()))
                .anySatisfy(n -> assertThat(n)
                        .startsWith("note: " + file + ":20: [inet_http_server]: supervisorctl's reload")
                        .contains("restarting only what changed"))
                .anySatisfy(n -> assertThat(n)
                        .startsWith("note: " + file + ":20: [inet_http_server] on '*' without username and password:"
                                + " taskmasterd refuses to start")
                        .endsWith("or port = 127.0.0.1:9001"))
                .anySatisfy(n -> assertThat(n)
                        .startsWith("note: " + file + ":23: [eventlistener:crash]: a reload that changes a group"));
        List<String> notes = notes(r.out());
        assertThat(notes)
                .anySatisfy(n -> assertThat(n)
                        .startsWith("note: " + file + ":5: [program:web]: the stop signal")
                        .contains("stopasgroup = false restores supervisord's")
                        .doesNotContain("[program:db]"))
                .anySatisfy(n -> assertThat(n).contains("SIGHUP applies a changed file process by process"))
                .anySatisfy(n -> assertThat(n).contains("a stop in BACKOFF is immediate"))
                .anySatisfy(n -> assertThat(n).contains("5 times within 10 s").contains("restart_limit = 0 restores"))
                .anySatisfy(n -> assertThat(n).contains("[program:web]: output to /dev/stdout"))
                .anySatisfy(n -> assertThat(n)
                        .startsWith("note: 2 unknown keys are ignored")
                        .contains("strict = true"))
                .anySatisfy(n -> assertThat(n).startsWith("note: " + file + ":16: [fcgi-program:php] is not supported"))
                .anySatisfy(n -> assertThat(n).contains("without logfile").contains("logfile = supervisord.log"))
                .anySatisfy(n -> assertThat(n).contains("without pidfile").contains("pidfile = supervisord.pid"));
        // db names its own log files: the AUTO note is about web alone
        assertThat(notes)
                .filteredOn(n -> n.contains("AUTO log files"))
                .singleElement()
                .asString()
                .contains("[program:web]")
                .doesNotContain("[program:db]");
        assertThat(r.out()).endsWith(file + ": OK, 3 program(s), 3 process(es)\n");
    }

    @Test
    void strictRefusesTheUnknownKeys() throws IOException {
        Path file = supervisordFile();
        CheckConfigTest.Run r = main("--check-config", "--strict", "-c", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains(file + ":3: [supervisord] unmask: unknown key (did you mean 'umask'? strict mode refuses the"
                        + " keys supervisord ignores)")
                .contains(file + ":7: [program:web] startdelay: unknown key")
                .endsWith(file + ": 2 error(s)\n");
        assertThat(Configs.strict())
                .as("--check-config leaves the daemon's own setting alone")
                .isFalse();
    }

    /** The daemon itself: --strict holds for its load (and its reloads), so it refuses to start. */
    @Test
    void theDaemonUnderStrictRefusesToStart() throws IOException {
        Path file = write("[supervisord]\nnodaemon = true\njolokia = off\nunmask = 022\n[program:web]\n"
                + "command = /bin/sleep 100\n");
        try {
            assertThat(main("--strict", "-n", "-c", file.toString()).code()).isEqualTo(2);
            assertThat(Configs.strict()).isTrue();
        } finally {
            Configs.strict(false);
        }
    }

    @Test
    void aFileOfTheSpecsDialectGetsNoNotes() throws IOException {
        Path file = write("[taskmasterd]\nlogfile = %(here)s/log/d.log\n[web]\ncmd = /bin/sleep 100\n");
        CheckConfigTest.Run r = main("--check-config", "-c", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(notes(r.out())).isEmpty();
    }

    @Test
    void aSupervisordFileThatSaysEverythingGetsOnlyTheNotesWithoutAKey() throws IOException {
        Path file = write("""
            [supervisord]
            logfile = %(here)s/log/supervisord.log
            pidfile = %(here)s/log/supervisord.pid
            [program:db]
            command = /bin/sleep 100
            stopasgroup = false
            restart_limit = 0
            stdout_logfile = %(here)s/log/db.log
            redirect_stderr = true
            """);
        CheckConfigTest.Run r = main("--check-config", "-c", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(notes(r.out())).hasSize(3).allSatisfy(n -> assertThat(n).contains("no key"));
    }
}
