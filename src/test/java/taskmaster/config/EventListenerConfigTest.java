package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.EventType;
import taskmaster.model.ListenerSpec;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;

/**
 * {@code [eventlistener:x]} sections load as programs with supervisord's rules for them, and
 * {@code stdout_events_enabled} / {@code stderr_events_enabled} tap a program's streams.
 */
class EventListenerConfigTest {
    private static final String ALL_TYPES =
            Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.joining(", "));

    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    private ProgramSpec only(String text) throws ConfigException {
        Configuration c = TestConfigs.load(dir, text);
        assertThat(c.programs()).hasSize(1);
        return c.programs().getFirst();
    }

    @Test
    void aListenerIsAProgramWithItsPoolSettingsAndSupervisordsDefaults() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [eventlistener:crash]
            command = /bin/cat
            events = PROCESS_STATE_EXITED, tick_60,PROCESS_STATE_EXITED
            [program:web]
            command = /bin/sleep 100
            """);
        assertThat(c.warnings()).isEmpty();
        ProgramSpec crash = c.programsByName().get("crash");
        assertThat(crash.listener())
                .isEqualTo(new ListenerSpec(
                        List.of(EventType.PROCESS_STATE_EXITED, EventType.TICK_60),
                        10,
                        "supervisor.dispatchers:default_handler"));
        // Listeners start before the programs whose events they hear, and stop after them.
        assertThat(crash.priority()).isEqualTo(-1);
        assertThat(c.programs().getFirst().name()).isEqualTo("crash");
        ProcessSpec p = crash.template();
        assertThat(p.name()).isEqualTo("crash");
        assertThat(p.group()).isEqualTo("crash");
        assertThat(p.priority()).isEqualTo(-1);
        assertThat(p.stdinPipe()).as("events are written to its stdin").isTrue();
        assertThat(p.tapStdout()).as("it answers on its stdout").isTrue();
        assertThat(p.tapStderr()).isFalse();
        // Its stdout is logged as any program's, to supervisord's AUTO file by default.
        assertThat(p.stdout()).isEqualTo(new Output.ToFile(dir.resolve("crash-stdout.log")));
        assertThat(p.redirectStderr()).isFalse();

        ProgramSpec web = c.programsByName().get("web");
        assertThat(web.listener()).isNull();
        assertThat(web.template().tapStdout()).isFalse();
        assertThat(web.template().stdinPipe()).isFalse();
    }

    @Test
    void aListenerPoolHasNumprocsProcessesEachWithItsPipes() throws ConfigException {
        ProgramSpec pool = only("""
            [eventlistener:mail]
            command = /bin/cat
            events = PROCESS_STATE
            numprocs = 3
            process_name = %(program_name)s_%(process_num)s
            priority = 5
            buffer_size = 50
            stdout_logfile = NONE
            """);
        assertThat(pool.isListener()).isTrue();
        assertThat(pool.listener().bufferSize()).isEqualTo(50);
        assertThat(pool.listener().wants(EventType.PROCESS_STATE_FATAL)).isTrue();
        assertThat(pool.listener().wants(EventType.TICK_5)).isFalse();
        assertThat(pool.priority()).isEqualTo(5);
        assertThat(pool.processes()).extracting(ProcessSpec::name).containsExactly("mail_0", "mail_1", "mail_2");
        for (ProcessSpec p : pool.processes()) {
            assertThat(p.stdinPipe()).isTrue();
            assertThat(p.tapStdout()).isTrue();
            assertThat(p.stdout()).isEqualTo(Output.DISCARD);
            assertThat(p.stdoutPiped())
                    .as("the protocol needs stdout even when it is not logged")
                    .isTrue();
        }
    }

    @Test
    void anUnknownEventTypeIsAnErrorNamingItAndEveryAllowedType() {
        assertThat(TestConfigs.errors(dir, """
            [eventlistener:x]
            command = /bin/cat
            events = PROCESS_STATE_EXITED, PROCESS_STATE_EXITTED
            """))
                .containsExactly(at(3)
                        + "[eventlistener:x] events: 'PROCESS_STATE_EXITTED' is not an event type (allowed: a"
                        + " comma-separated list of " + ALL_TYPES + ")");
    }

    @Test
    void eventsAreRequiredAndMustNameAType() {
        assertThat(TestConfigs.errors(dir, "[eventlistener:x]\ncommand = /bin/cat\n"))
                .containsExactly(at(1)
                        + "[eventlistener:x] events: is required but missing (allowed: events = a comma-separated"
                        + " list of " + ALL_TYPES + ")");
        assertThat(TestConfigs.errors(dir, "[eventlistener:x]\ncommand = /bin/cat\nevents = ,\n"))
                .containsExactly(at(3)
                        + "[eventlistener:x] events: names no event type (allowed: a comma-separated list of "
                        + ALL_TYPES + ")");
    }

    @Test
    void bufferSizeIsAtLeastOne() {
        assertThat(TestConfigs.errors(dir, "[eventlistener:x]\ncommand = /bin/cat\nevents = TICK_5\nbuffer_size = 0\n"))
                .containsExactly(at(4)
                        + "[eventlistener:x] buffer_size: '0' is out of range (allowed: an integer from 1 to"
                        + " 2147483647)");
    }

    @Test
    void anotherResultHandlerIsAWarningAndTheDefaultIsUsed() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [eventlistener:x]
            command = /bin/cat
            events = TICK_5
            result_handler = superlance.handlers:mine
            """);
        assertThat(c.warnings())
                .containsExactly(at(4)
                        + "[eventlistener:x] result_handler: 'superlance.handlers:mine' is not supported,"
                        + " supervisor.dispatchers:default_handler is used (allowed:"
                        + " supervisor.dispatchers:default_handler)");
        assertThat(c.programs().getFirst().listener().resultHandler())
                .isEqualTo("supervisor.dispatchers:default_handler");
    }

    @Test
    void aListenerRefusesRedirectStderrAsSupervisordDoes() {
        assertThat(TestConfigs.errors(dir, """
            [eventlistener:x]
            command = /bin/cat
            events = TICK_5
            redirect_stderr = true
            """))
                .containsExactly(at(4)
                        + "[eventlistener:x] redirect_stderr: 'true' is not allowed in an event listener: its stderr"
                        + " in stdout would break the listener protocol (allowed: false)");
    }

    @Test
    void aListenersStdinIsAlwaysAPipe() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [eventlistener:x]
            command = /bin/cat
            events = TICK_5
            stdin = /dev/null
            """);
        assertThat(c.warnings())
                .containsExactly(
                        at(4) + "[eventlistener:x] stdin: ignored: an event listener's stdin is always a pipe");
        assertThat(c.processes().getFirst().stdinPipe()).isTrue();
    }

    @Test
    void listenerKeysElsewhereAreIgnoredInProgramSectionsAndRefusedInTheSpecs() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [program:web]
            command = /bin/sleep 1
            events = TICK_5
            buffer_size = 3
            """);
        assertThat(c.warnings())
                .containsExactly(
                        at(3) + "[program:web] events: ignored: is a key of [eventlistener:x] sections",
                        at(4) + "[program:web] buffer_size: ignored: is a key of [eventlistener:x] sections");
        assertThat(c.programs().getFirst().isListener()).isFalse();
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = /bin/sleep 1\nresult_handler = x:y\n"))
                .containsExactly(at(3)
                        + "[web] result_handler: is a key of [eventlistener:x] sections (allowed: the keys of a"
                        + " program, see --help-config)");
    }

    @Test
    void eventsEnabledTapAProgramsStreams() throws ConfigException {
        ProcessSpec p = only("""
            [program:web]
            command = /bin/sleep 1
            stdout_logfile = NONE
            stdout_events_enabled = true
            stderr_events_enabled = true
            """).template();
        assertThat(p.tapStdout()).isTrue();
        assertThat(p.tapStderr()).isTrue();
        assertThat(p.stdoutPiped())
                .as("a tapped stream is read even when it is not logged")
                .isTrue();
        assertThat(p.stdinPipe()).isFalse();
        ProcessSpec plain = only("[program:web]\ncommand = /bin/sleep 1\n").template();
        assertThat(plain.tapStdout()).isFalse();
        assertThat(plain.tapStderr()).isFalse();
    }

    /** supervisord's groups hold [program:x] sections only; a listener pool is a group of its own. */
    @Test
    void aGroupCannotHoldAListener() {
        assertThat(TestConfigs.errors(dir, """
            [eventlistener:lst]
            command = /bin/cat
            events = TICK_5
            [program:web]
            command = /bin/sleep 1
            [group:g]
            programs = web,lst
            """))
                .containsExactly(at(7)
                        + "[group:g] programs: 'lst' is an event listener, which is its own group (allowed: programs"
                        + " of [program:x] or [name] sections)");
    }

    /** What supervisor.childutils.getRPCInterface reads: the program's serverurl, under its own environment. */
    @Test
    void serverurlIsTheProcesssSupervisorServerUrl() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [eventlistener:lst]
            command = /bin/cat
            events = PROCESS_STATE_EXITED
            serverurl = unix://%(here)s/supervisor.sock
            [program:own]
            command = /bin/sleep 1
            serverurl = http://127.0.0.1:9001
            environment = SUPERVISOR_SERVER_URL="http://elsewhere:1"
            [program:auto]
            command = /bin/sleep 1
            serverurl = auto
            """);
        assertThat(c.programsByName().get("lst").template().environment())
                .containsEntry("SUPERVISOR_SERVER_URL", "unix://" + dir + "/supervisor.sock");
        assertThat(c.programsByName().get("own").template().environment())
                .containsEntry("SUPERVISOR_SERVER_URL", "http://elsewhere:1");
        assertThat(c.programsByName().get("auto").template().environment()).doesNotContainKey("SUPERVISOR_SERVER_URL");
    }

    /** AUTO, the default: derived from the server sections as supervisord derives it, the unix socket first. */
    @Test
    void anAutoServerurlComesFromTheServerSections() throws ConfigException {
        Configuration unix = TestConfigs.load(dir, """
            [unix_http_server]
            file = %(here)s/supervisor.sock
            [inet_http_server]
            port = 127.0.0.1:9001
            [program:web]
            command = /bin/sleep 1
            """);
        assertThat(unix.programsByName().get("web").template().environment())
                .containsEntry("SUPERVISOR_SERVER_URL", "unix://" + dir + "/supervisor.sock");
        Configuration inet = TestConfigs.load(dir, """
            [inet_http_server]
            port = :9001
            username = u
            password = p
            [program:web]
            command = /bin/sleep 1
            """);
        assertThat(inet.programsByName().get("web").template().environment())
                .containsEntry("SUPERVISOR_SERVER_URL", "http://localhost:9001");
    }

    @Test
    void checkConfigSaysWhatAListenerHears() throws ConfigException {
        ProgramSpec lst = only("[eventlistener:lst]\ncommand = /bin/cat\nevents = PROCESS_STATE_EXITED,TICK_60\n");
        assertThat(ProgramSummary.line(lst))
                .isEqualTo("lst: 1 process (lst), event listener of PROCESS_STATE_EXITED,TICK_60, autostart,"
                        + " priority -1, cmd '/bin/cat'");
    }
}
