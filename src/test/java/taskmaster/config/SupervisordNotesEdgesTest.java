package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --check-config notes on the less common shapes of a supervisord file. */
class SupervisordNotesEdgesTest {

    @TempDir
    Path dir;

    private List<String> notes(String text) throws Exception {
        Path file = Files.writeString(dir.resolve("supervisord.conf"), text);
        ConfigLoader loader = new ConfigLoader();
        return loader.notes(loader.load(file));
    }

    @Test
    void manyProgramsAreNamedFiveAtATimeAndCountedBeyond() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            text.append("[program:p").append(i).append("]\ncommand = /bin/sleep 9\n");
        }
        List<String> notes = notes(text.toString());
        assertThat(notes)
                .anyMatch(n -> n.contains("[program:p0], [program:p1], [program:p2], [program:p3], [program:p4] and 2"
                        + " more: the stop signal"));
    }

    @Test
    void aDaemonSectionAloneGetsItsOwnNotesAndNoProgramOnes() throws Exception {
        List<String> notes = notes("[supervisord]\nnodaemon = true\n");
        assertThat(notes).anyMatch(n -> n.contains("[supervisord] without logfile"));
        assertThat(notes).anyMatch(n -> n.contains("[supervisord] without pidfile"));
        assertThat(notes).noneMatch(n -> n.contains("SIGHUP applies a changed file"));
        assertThat(notes("[supervisord]\nlogfile = /tmp/x.log\npidfile = /tmp/x.pid\n"))
                .noneMatch(n -> n.contains("[supervisord] without"));
    }

    @Test
    void redirectedStderrAndAConsoleOrNamedLogChangeTheLogNotes() throws Exception {
        List<String> notes = notes("""
            [program:a]
            command = /bin/sleep 9
            stdout_logfile = /dev/stdout
            redirect_stderr = true
            [program:b]
            command = /bin/sleep 9
            stdout_logfile = /tmp/b.log
            stderr_logfile = AUTO
            redirect_stderr = false
            """);
        assertThat(notes).anyMatch(n -> n.contains("[program:a]: output to /dev/stdout or /dev/stderr"));
        // b's stderr is AUTO and not redirected: it has an AUTO file; a's stderr goes to its stdout.
        assertThat(notes).anyMatch(n -> n.contains("[program:b]: AUTO log files"));
        assertThat(notes).noneMatch(n -> n.contains("[program:a]: AUTO log files"));
    }

    @Test
    void anOpenInetServerAndQuotedCommentMarksAreNoted() throws Exception {
        List<String> notes = notes("""
            [inet_http_server]
            port = 0.0.0.0:9001
            [program:a]
            command = /bin/sh -c "echo a ; echo b # c"
            restart_limit = 5
            """);
        assertThat(notes).anyMatch(n -> n.contains("[inet_http_server] on '0.0.0.0' without username and password"));
        assertThat(notes).anyMatch(n -> n.contains("' ;' or ' #' inside double quotes"));
        assertThat(notes).noneMatch(n -> n.contains("restart_limit = 0 restores"));
    }
}
