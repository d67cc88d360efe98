package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import taskmaster.model.Check;
import taskmaster.model.HealthCheck;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;
import taskmaster.model.SpecField;

/** {@code ready}, {@code ready_timeout}, {@code watchdog} and the {@code healthcheck} keys: each value and each error. */
class CheckKeysTest {
    @TempDir
    Path dir;

    private ProcessSpec only(String keys) throws ConfigException {
        return TestConfigs.load(dir, "[web]\ncmd = sleep 1\n" + keys)
                .processes()
                .getFirst();
    }

    private List<String> errors(String keys) {
        return TestConfigs.errors(dir, "[web]\ncmd = sleep 1\n" + keys);
    }

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": [web] ";
    }

    @Test
    void defaultsAreNoCheckWithSystemdsAndDockersTimes() throws ConfigException {
        ProcessSpec p = only("");
        assertThat(p.lifecycle().readiness()).isEqualTo(new Readiness(null, 90, 0));
        assertThat(p.lifecycle().health()).isEqualTo(new HealthCheck(null, 30, 10, 3));
        assertThat(p.lifecycle().readiness()).isEqualTo(Readiness.NONE);
        assertThat(p.lifecycle().health()).isEqualTo(HealthCheck.NONE);
        assertThat(p.tapStdout()).isFalse();
        assertThat(only("", "[program:web]\ncommand = sleep 1\n").lifecycle().readiness())
                .isEqualTo(Readiness.NONE);
    }

    private ProcessSpec only(String keys, String head) throws ConfigException {
        return TestConfigs.load(dir, head + keys).processes().getFirst();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "notify                          | notify",
                "NOTIFY                          | notify",
                "fd:3                            | fd:3",
                "fd:1023                         | fd:1023",
                "tcp:8080                        | tcp:8080",
                "tcp:db.local:5432               | tcp:db.local:5432",
                "tcp:[::1]:80                    | tcp:::1:80",
                "http://127.0.0.1:8080/health    | http://127.0.0.1:8080/health",
                "https://example.org/up          | https://example.org/up",
                "exec:pg_isready -h 127.0.0.1    | exec:pg_isready -h 127.0.0.1",
                "log:listening on port \\d+      | log:listening on port \\d+",
            })
    void readyKinds(String value, String described) throws ConfigException {
        Check c = only("ready = " + value + "\n").lifecycle().readiness().check();
        assertThat(c.describe()).isEqualTo(described);
    }

    @Test
    void readyValuesParseIntoTheirChecks() throws ConfigException {
        assertThat(only("ready = tcp:db:5432\n").lifecycle().readiness().check())
                .isEqualTo(new Check.Tcp("db", 5432));
        assertThat(only("ready = http://127.0.0.1:1/x\n")
                        .lifecycle()
                        .readiness()
                        .check())
                .isEqualTo(new Check.Http(URI.create("http://127.0.0.1:1/x")));
        assertThat(only("ready = exec:test -f 'a b'\n").lifecycle().readiness().check())
                .isEqualTo(new Check.Exec("test -f 'a b'", List.of("test", "-f", "a b")));
        assertThat(only("ready = exec:curl -sf localhost | grep ok\n")
                        .lifecycle()
                        .readiness()
                        .check())
                .isEqualTo(new Check.Exec(
                        "curl -sf localhost | grep ok", List.of("/bin/sh", "-c", "curl -sf localhost | grep ok")));
        assertThat(only("ready = none\n").lifecycle().readiness().check()).isNull();
        assertThat(only("ready = tcp:%(process_num)d\nnumprocs_start = 8000\n")
                        .lifecycle()
                        .readiness()
                        .check())
                .isEqualTo(new Check.Tcp("127.0.0.1", 8000));
    }

    @Test
    void timesAndWatchdog() throws ConfigException {
        ProcessSpec p = only("ready = notify\nready_timeout = 0\nwatchdog = 20\n");
        assertThat(p.lifecycle().readiness()).isEqualTo(new Readiness(new Check.Notify(), 0, 20));
        ProcessSpec h = only("healthcheck = tcp:80\nhealthcheck_interval = 5\nhealthcheck_timeout = 2\n"
                + "healthcheck_retries = 1\n");
        assertThat(h.lifecycle().health()).isEqualTo(new HealthCheck(new Check.Tcp("127.0.0.1", 80), 5, 2, 1));
    }

    /**
     * A log check pipes stdout and has it read ({@link ProcessSpec#watchesStdout()}), but is no reason
     * to send the event listeners PROCESS_LOG_STDOUT events: only stdout_events_enabled taps it.
     */
    @Test
    void aLogCheckReadsStdoutWithoutTappingItForTheEventListeners() throws ConfigException {
        for (String keys : List.of("ready = log:up\n", "healthcheck = log:ok\n")) {
            ProcessSpec p = only(keys);
            assertThat(p.watchesStdout()).as(keys).isTrue();
            assertThat(p.stdoutPiped()).as(keys).isTrue();
            assertThat(p.tapStdout()).as(keys).isFalse();
        }
        assertThat(only("ready = log:up\nstdout_events_enabled = true\n").tapStdout())
                .isTrue();
        assertThat(only("ready = tcp:1\n").watchesStdout()).isFalse();
        assertThat(only("ready = tcp:1\n").tapStdout()).isFalse();
    }

    @Test
    void aReloadRelaunchesForNotifyFdAndTheWatchdogOnly() throws ConfigException {
        ProcessSpec none = only("");
        ProcessSpec tcp = only("ready = tcp:80\n");
        ProcessSpec http = only("ready = http://127.0.0.1/\nready_timeout = 5\nhealthcheck = tcp:1\n");
        ProcessSpec notify = only("ready = notify\n");
        ProcessSpec watchdog = only("ready = notify\nwatchdog = 5\n");
        ProcessSpec fd = only("ready = fd:3\n");
        ProcessSpec log = only("ready = log:x\n");
        ProcessSpec logged = only("ready = log:x\nstdout = out.log\n");
        ProcessSpec logged2 = only("ready = log:y\nstdout = out.log\n");
        ProcessSpec capturedNoCheck = only("stdout = out.log\n");
        assertThat(SpecField.needsRelaunch(none, tcp)).isFalse();
        assertThat(SpecField.needsRelaunch(tcp, http)).isFalse();
        assertThat(SpecField.needsRelaunch(tcp, notify)).isTrue();
        assertThat(SpecField.needsRelaunch(notify, watchdog)).isTrue();
        assertThat(SpecField.needsRelaunch(notify, fd)).isTrue();
        assertThat(SpecField.needsRelaunch(none, fd)).isTrue();
        assertThat(SpecField.needsRelaunch(none, log))
                .as("a discarded stdout becomes a pipe")
                .isTrue();
        assertThat(SpecField.needsRelaunch(capturedNoCheck, logged)).isFalse();
        assertThat(SpecField.needsRelaunch(logged, logged2)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ready = fd:2          | 'fd:2' is not a notification fd: 0, 1 and 2 are stdin, stdout and stderr",
                "ready = fd:x          | 'fd:x' is not a notification fd",
                "ready = fd:1024       | 'fd:1024' is not a notification fd",
                "ready = tcp:0         | 'tcp:0' has no port from 1 to 65535",
                "ready = tcp:70000     | 'tcp:70000' has no port from 1 to 65535",
                "ready = tcp:          | 'tcp:' has no port from 1 to 65535",
                "ready = tcp::80       | 'tcp::80' names no host",
                "ready = http://:80/   | 'http://:80/' names no host",
                "ready = http://a b/   | 'http://a b/' is not a URL",
                "ready = exec:         | 'exec:' names no command",
                "ready = exec:'open    | 'exec:''open' has a bad command",
                "ready = log:          | 'log:' names no regex",
                "ready = log:(         | 'log:(' has a bad regex: Unclosed group near index 1",
                "ready = sometimes     | 'sometimes' is not a check",
                "ready = udp:53        | 'udp:53' is not a check",
                "healthcheck = notify  | 'notify' says when a process is ready, once, and cannot check its health",
                "healthcheck = fd:3    | 'fd:3' says when a process is ready, once",
                "healthcheck = ftp://x | 'ftp://x' is not a check",
                "ready_timeout = -1    | '-1' is out of range (allowed: an integer from 0 up)",
                "watchdog = x          | 'x' is not a whole number (allowed: an integer from 0 up)",
                "healthcheck_interval = 0 | '0' is out of range (allowed: an integer from 1 up)",
                "healthcheck_timeout = 0  | '0' is out of range (allowed: an integer from 1 up)",
                "healthcheck_retries = 0  | '0' is out of range (allowed: an integer from 1 up)",
            })
    void badValuesNameFileLineKeyValueAndWhatIsAllowed(String line, String message) {
        String key = line.substring(0, line.indexOf('=')).strip();
        assertThat(errors(line + "\n")).singleElement().satisfies(e -> {
            assertThat(e).startsWith(at(3) + key + ": " + message);
            assertThat(e).contains("(allowed: ");
        });
    }

    @Test
    void aReadyErrorSaysEveryKind() {
        assertThat(errors("ready = sometimes\n"))
                .containsExactly(
                        at(3) + "ready: 'sometimes' is not a check (allowed: " + CheckSyntax.READY_ALLOWED + ")");
        assertThat(CheckSyntax.READY_ALLOWED)
                .contains("notify", "fd:N", "tcp:PORT", "tcp:HOST:PORT", "http://", "https://", "exec:", "log:");
        assertThat(CheckSyntax.HEALTH_ALLOWED).doesNotContain("notify", "fd:");
    }

    @Test
    void aWatchdogNeedsNotify() {
        assertThat(errors("watchdog = 10\n"))
                .containsExactly(at(3) + "watchdog: '10' needs ready = notify, which is how WATCHDOG=1 comes"
                        + " (allowed: 0, or seconds beside ready = notify)");
        assertThat(errors("ready = tcp:80\nwatchdog = 10\n"))
                .singleElement()
                .asString()
                .contains("needs ready = notify");
        assertThat(errors("ready = bogus\nwatchdog = 10\n"))
                .as("the bad ready value is the one error")
                .singleElement()
                .asString()
                .contains("ready: 'bogus' is not a check");
    }

    @Test
    void healthTimesWithoutAHealthcheckAreIgnoredWithAWarning() throws ConfigException {
        var c = TestConfigs.load(dir, "[web]\ncmd = sleep 1\nhealthcheck_interval = 5\n");
        assertThat(c.warnings())
                .containsExactly(at(3) + "healthcheck_interval: ignored: there is no healthcheck to run");
    }

    @Test
    void bothDialectsKnowTheKeys() throws ConfigException {
        ProcessSpec p = only("ready = tcp:80\nhealthcheck = tcp:80\n", "[program:web]\ncommand = sleep 1\n");
        assertThat(p.lifecycle().readiness().check()).isEqualTo(new Check.Tcp("127.0.0.1", 80));
        assertThat(p.lifecycle().health().check()).isEqualTo(new Check.Tcp("127.0.0.1", 80));
    }
}
