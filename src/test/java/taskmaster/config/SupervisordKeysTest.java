package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;

/**
 * Every file supervisord accepts loads: the keys it ignores are warnings in its own sections
 * (errors under strict), its integers have no size limit, and [fcgi-program:x] is skipped with a
 * warning. The spec's [name] and [taskmasterd] stay strict.
 */
class SupervisordKeysTest {
    private static final String IGNORED = "unknown key, ignored as supervisord ignores it (";
    private static final String STRICT_HINT = "--strict or strict = true makes it an error)";

    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    private ConfigException strictErrors(String text) {
        Path file = TestConfigs.write(dir, "main.conf", text);
        try {
            new ConfigLoader(TestConfigs.inputs(dir)).strict(true).load(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected errors under strict, the configuration loaded");
    }

    /** The keys seen in real files, each a warning with file:line, section, key and the nearest known key. */
    private static final String REAL_FILE = """
        [supervisord]
        nodaemon = true
        stdout_logfile = /dev/stdout
        unmask = 022
        username = admin
        [program:web]
        command = /usr/sbin/nginx -g 'daemon off;'
        group = www
        redirect_stdout = true
        startdelay = 5
        serverurl = AUTO
        [group:g]
        programs = web
        prority = 5
        [include]
        files = nothing/*.conf
        file = typo
        """;

    @Test
    void unknownKeysOfSupervisordsSectionsAreWarningsAndTheFileLoads() throws ConfigException {
        Configuration c = TestConfigs.load(dir, REAL_FILE);
        assertThat(c.processes()).extracting(ProcessSpec::name).containsExactly("web");
        assertThat(c.processes().getFirst().group()).isEqualTo("g");
        assertThat(c.warnings())
                .contains(
                        at(3) + "[supervisord] stdout_logfile: " + IGNORED + "nearest known key: 'logfile'; "
                                + STRICT_HINT,
                        at(4) + "[supervisord] unmask: " + IGNORED + "did you mean 'umask'? " + STRICT_HINT,
                        at(5) + "[supervisord] username: " + IGNORED + "nearest known key: 'user'; " + STRICT_HINT,
                        at(8) + "[program:web] group: " + IGNORED + "nearest known key: 'stdout'; " + STRICT_HINT,
                        at(9) + "[program:web] redirect_stdout: " + IGNORED + "did you mean 'redirect_stderr'? "
                                + STRICT_HINT,
                        at(10) + "[program:web] startdelay: " + IGNORED + "nearest known key: 'startsecs'; "
                                + STRICT_HINT,
                        at(14) + "[group:g] prority: " + IGNORED + "did you mean 'priority'? " + STRICT_HINT,
                        at(17) + "[include] file: " + IGNORED + "did you mean 'files'? " + STRICT_HINT)
                // serverurl is a known key of [program:x]: accepted, no warning of this kind
                .noneMatch(w -> w.contains("serverurl: unknown key"));
    }

    @Test
    void warningsComeInReadingOrder() throws ConfigException {
        List<String> lines = TestConfigs.load(dir, REAL_FILE).warnings().stream()
                .filter(w -> w.startsWith(dir.resolve("main.conf") + ":"))
                .map(w -> Integer.parseInt(w.substring(w.indexOf(':') + 1, w.indexOf(": "))))
                .map(String::valueOf)
                .toList();
        assertThat(lines).isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
    }

    @Test
    void strictTurnsEachOfThemIntoAnError() {
        ConfigException e = strictErrors(REAL_FILE);
        assertThat(e.errors())
                .extracting(ConfigError::key)
                .containsExactly(
                        "stdout_logfile",
                        "unmask",
                        "username",
                        "group",
                        "redirect_stdout",
                        "startdelay",
                        "prority",
                        "file");
        assertThat(e.errors().get(1).toString())
                .isEqualTo(at(4) + "[supervisord] unmask: unknown key (did you mean 'umask'? strict mode refuses the"
                        + " keys supervisord ignores)");
    }

    @Test
    void strictTrueInTheFileDoesTheSame() {
        assertThat(TestConfigs.errors(dir, "[supervisord]\nstrict = true\n[program:a]\ncommand = x\nunmask = 1\n"))
                .containsExactly(at(5) + "[program:a] unmask: unknown key (did you mean 'umask'? strict mode refuses"
                        + " the keys supervisord ignores)");
        assertThat(TestConfigs.errors(dir, "[taskmasterd]\nstrict = yes\n[program:a]\ncommand = x\nunmask = 1\n"))
                .hasSize(1);
    }

    @Test
    void strictFalseKeepsTheWarnings() throws ConfigException {
        assertThat(TestConfigs.load(dir, "[supervisord]\nstrict = false\n[program:a]\ncommand = x\nunmask = 1\n")
                        .warnings())
                .containsExactly(at(5) + "[program:a] unmask: " + IGNORED + "did you mean 'umask'? " + STRICT_HINT);
    }

    /** Nobody's supervisord file has a [name] or a [taskmasterd]: a typo there stays an error. */
    @Test
    void theSpecsSectionsStayStrict() {
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nautorestrat = true\n"))
                .containsExactly(at(3) + "[web] autorestrat: unknown key (did you mean 'autorestart'?)");
        assertThat(TestConfigs.errors(dir, "[taskmasterd]\nlogfil = x\n[web]\ncmd = x\n"))
                .containsExactly(at(2) + "[taskmasterd] logfil: unknown key (did you mean 'logfile'?)");
    }

    /** A client reads the daemon's section alone: supervisord's unknown keys must not stop it either. */
    @Test
    void theDaemonSectionAloneLoadsToo() throws ConfigException {
        Path file = TestConfigs.write(dir, "main.conf", "[supervisord]\nstdout_logfile = /dev/stdout\n");
        assertThat(new ConfigLoader(TestConfigs.inputs(dir)).loadDaemon(file)).isNotNull();
        assertThatThrownBy(() ->
                        new ConfigLoader(TestConfigs.inputs(dir)).strict(true).loadDaemon(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[supervisord] stdout_logfile: unknown key");
    }

    @Test
    void hugeStartretriesMeansRetryWithoutEnd() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "[program:a]\ncommand = x\nstartretries = 4294967295\n");
        assertThat(c.processes().getFirst().startRetries()).isEqualTo(ProcessSpec.UNLIMITED_RETRIES);
        assertThat(c.warnings())
                .containsExactly(at(3) + "[program:a] startretries: '4294967295' means retry without end (every count"
                        + " from 2147483647 up does): the process is never given up as FATAL");
        assertThat(TestConfigs.load(dir, "[program:a]\ncommand = x\nstartretries = 7\n")
                        .processes()
                        .getFirst()
                        .startRetries())
                .isEqualTo(7);
        assertThat(TestConfigs.errors(dir, "[program:a]\ncommand = x\nstartretries = -1\n"))
                .containsExactly(at(3) + "[program:a] startretries: '-1' is out of range (allowed: an integer from 0"
                        + " up, or infinite)");
    }

    /** Python's integers have no limit: no integer key fails with an overflow, whatever its size. */
    @Test
    void hugeIntegersAreClampedWithAWarningOrRefusedWithTheRealLimits() throws ConfigException {
        String huge = "99999999999999999999999999";
        Configuration c = TestConfigs.load(
                dir,
                "[supervisord]\nlogfile_maxbytes = " + huge + "GB\n"
                        + "[program:a]\ncommand = x\npriority = " + huge + "\nstartsecs = " + huge + "\nstopwaitsecs = "
                        + huge + "\nstdout_logfile_maxbytes = " + huge + "\n[program:b]\ncommand = y\npriority = -"
                        + huge
                        + "\n");
        ProcessSpec a = c.programsByName().get("a").template();
        assertThat(a.priority()).isEqualTo(Integer.MAX_VALUE);
        assertThat(a.startSeconds()).isEqualTo(Integer.MAX_VALUE);
        assertThat(a.stopSeconds()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.programsByName().get("b").template().priority()).isEqualTo(Integer.MIN_VALUE);
        assertThat(c.daemon().logfileMaxBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.warnings())
                .contains(
                        at(2) + "[supervisord] logfile_maxbytes: '" + huge + "GB' is taken as " + Long.MAX_VALUE
                                + " bytes: no file grows that large, so it is never rotated",
                        at(5) + "[program:a] priority: '" + huge + "' is taken as 2147483647: it keeps its order"
                                + " against every smaller number, but ties with any other beyond it",
                        at(6) + "[program:a] startsecs: '" + huge + "' is beyond 2147483647: taken as 2147483647"
                                + " seconds (68 years)",
                        at(7) + "[program:a] stopwaitsecs: '" + huge + "' is beyond 2147483647: taken as 2147483647"
                                + " seconds (68 years)",
                        at(11) + "[program:b] priority: '-" + huge + "' is taken as -2147483648: it keeps its order"
                                + " against every smaller number, but ties with any other beyond it");
        assertThat(TestConfigs.errors(
                        dir,
                        "[program:a]\ncommand = x\nnumprocs = " + huge + "\nnumprocs_start = " + huge
                                + "\nstdout_logfile_backups = " + huge + "\n"))
                .containsExactly(
                        at(3) + "[program:a] numprocs: '" + huge + "' is out of range (allowed: an integer from 1 to"
                                + " 1000)",
                        at(4) + "[program:a] numprocs_start: '" + huge + "' is out of range (allowed: an integer from"
                                + " 0 to 1000000)",
                        at(5) + "[program:a] stdout_logfile_backups: '" + huge + "' is out of range (allowed: an"
                                + " integer from 0 to 1000)");
    }

    /** Digits are bounded like every other value, so that a pasted megabyte of them costs no quadratic parse. */
    @Test
    void aNumberOfThousandsOfDigitsIsAClearError() {
        assertThat(TestConfigs.errors(dir, "[program:a]\ncommand = x\nstartsecs = " + "9".repeat(5000) + "\n"))
                .singleElement()
                .asString()
                .startsWith(at(3) + "[program:a] startsecs: '999")
                .endsWith("is not a whole number of at most 1000 digits (allowed: an integer from 0 up)");
    }

    @Test
    void fcgiProgramIsAWarningAndTheRestLoads() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [fcgi-program:php]
            command = /usr/bin/php-cgi
            socket = unix:///tmp/php.sock
            [program:web]
            command = nginx
            """);
        assertThat(c.programs()).extracting(p -> p.name()).containsExactly("web");
        assertThat(c.warnings())
                .containsExactly(at(1) + "[fcgi-program:php] not supported, its processes are not run: an"
                        + " fcgi-program needs the daemon to open its socket and hand it to each process (run the"
                        + " FastCGI server as a [program:x] that opens its own socket)");
    }
}
