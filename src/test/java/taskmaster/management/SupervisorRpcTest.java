package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.ConfigLoader;
import taskmaster.engine.Engine;
import taskmaster.engine.ThreadLoop;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.SupervisorState;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.testing.Procs;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's method table called directly, on a real engine with real children: the structs,
 * fault codes and fault strings supervisorctl branches on, and its name grammar.
 */
class SupervisorRpcTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();
    private ThreadLoop loop;
    private PosixSpawnLauncher launcher;
    private Engine engine;
    private SupervisorRpc rpc;
    private Path conf;
    private volatile SupervisorState state = SupervisorState.RUNNING;
    private final List<String> asked = new ArrayList<>();

    private final Control control = new Control() {
        @Override
        public SupervisorState state() {
            return state;
        }

        @Override
        public ReloadResult reload() {
            asked.add("reload");
            return empty();
        }

        @Override
        public ReloadResult update(Set<String> names) {
            asked.add("update " + names);
            return empty();
        }

        @Override
        public ReloadResult addGroup(String name) {
            asked.add("add " + name);
            return empty();
        }

        @Override
        public ReloadResult removeGroup(String name) {
            asked.add("remove " + name);
            if (name.equals("busy")) {
                throw new IllegalStateException("STILL_RUNNING: busy: not stopped: busy");
            }
            return empty();
        }

        @Override
        public void sendRemoteCommEvent(String type, String data) {
            asked.add("remote " + type + " " + data);
        }

        @Override
        public ReloadResult reread() {
            return empty();
        }

        @Override
        public List<taskmaster.mbeans.Result> scale(String program, int numprocs) {
            throw new AssertionError("not asked");
        }

        @Override
        public List<taskmaster.mbeans.Result> forget(String names) {
            throw new AssertionError("not asked");
        }

        @Override
        public void shutdown() {
            asked.add("shutdown");
            state = SupervisorState.SHUTTING_DOWN;
        }
    };

    private static ReloadResult empty() {
        return new ReloadResult(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private void run(String programs) throws Exception {
        conf = dir.resolve("supervisord.conf");
        Files.writeString(
                conf,
                "[supervisord]\nlogfile = " + dir.resolve("main.log") + "\n[taskmasterd]\n"
                        + "environment = TM_TEST_TAG=" + tag + "\n\n" + programs.replace("DIR", dir.toString()));
        loop = new ThreadLoop("test-loop");
        launcher = new PosixSpawnLauncher();
        engine = new Engine(loop, launcher, e -> {});
        engine.reload(new ConfigLoader().load(conf)).get(30, TimeUnit.SECONDS);
        rpc = new SupervisorRpc(new Ops(engine, launcher::output), control, "9.9-test", 0, conf);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.shutdown().get(60, TimeUnit.SECONDS);
            launcher.close();
            loop.close();
        }
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private Object call(String method, Object... params) throws RpcFault {
        return rpc.call(method, List.of(params));
    }

    private void faults(int code, String string, String method, Object... params) {
        assertThatThrownBy(() -> call(method, params)).isInstanceOfSatisfying(RpcFault.class, f -> {
            assertThat(f.string()).isEqualTo(string);
            assertThat(f.code()).isEqualTo(code);
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> info(String name) throws RpcFault {
        return (Map<String, Object>) call("supervisor.getProcessInfo", name);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> structs(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private static final String PROGRAMS = """
        [program:web]
        command = sleep 100000
        startsecs = 0
        autostart = false
        stdout_logfile = DIR/web.out
        stderr_logfile = DIR/web.err

        [program:crash]
        command = sh -c 'exit 3'
        startsecs = 1
        startretries = 0
        autostart = false

        [program:a]
        command = sleep 100000
        startsecs = 0
        [program:b]
        command = sleep 100000
        startsecs = 0
        [group:g]
        programs = a,b

        [program:pool]
        command = sleep 100000
        process_name = %(program_name)s_%(process_num)02d
        numprocs = 2
        startsecs = 0
        autostart = false
        """;

    @Test
    void methodsAreSupervisordsExactlyWithTheirSignatures() throws Exception {
        run(PROGRAMS);
        // supervisord 4.2's system.listMethods and system.methodSignature, as its Python answers them
        Map<String, List<String>> expected = new java.util.TreeMap<>();
        for (String line : SUPERVISORD_SIGNATURES.strip().split("\n")) {
            String[] w = line.trim().split("\\s+");
            expected.put(w[0], List.of(w).subList(1, w.length));
        }
        assertThat(call("system.listMethods")).isEqualTo(new ArrayList<>(expected.keySet()));
        for (var e : expected.entrySet()) {
            assertThat(call("system.methodSignature", e.getKey()))
                    .as(e.getKey())
                    .isEqualTo(e.getValue());
            assertThat((String) call("system.methodHelp", e.getKey())).contains("@return");
        }
        faults(4, "SIGNATURE_UNSUPPORTED", "system.methodHelp", "supervisor.nope");
        faults(4, "SIGNATURE_UNSUPPORTED", "system.methodSignature", "nope");
    }

    static final String SUPERVISORD_SIGNATURES = """
        supervisor.addProcessGroup boolean string
        supervisor.clearAllProcessLogs array
        supervisor.clearLog boolean
        supervisor.clearProcessLog boolean string
        supervisor.clearProcessLogs boolean string
        supervisor.getAPIVersion string
        supervisor.getAllConfigInfo array
        supervisor.getAllProcessInfo array
        supervisor.getIdentification string
        supervisor.getPID int
        supervisor.getProcessInfo struct string
        supervisor.getState struct
        supervisor.getSupervisorVersion string
        supervisor.getVersion string
        supervisor.readLog string int int
        supervisor.readMainLog string int int
        supervisor.readProcessLog string string int int
        supervisor.readProcessStderrLog string string int int
        supervisor.readProcessStdoutLog string string int int
        supervisor.reloadConfig array
        supervisor.removeProcessGroup boolean string
        supervisor.restart boolean
        supervisor.sendProcessStdin boolean string string
        supervisor.sendRemoteCommEvent boolean string string
        supervisor.shutdown boolean
        supervisor.signalAllProcesses array string
        supervisor.signalProcess boolean string string
        supervisor.signalProcessGroup array string string
        supervisor.startAllProcesses array boolean
        supervisor.startProcess boolean string boolean
        supervisor.startProcessGroup array string boolean
        supervisor.stopAllProcesses array boolean
        supervisor.stopProcess boolean string boolean
        supervisor.stopProcessGroup array string boolean
        supervisor.tailProcessLog array string int int
        supervisor.tailProcessStderrLog array string int int
        supervisor.tailProcessStdoutLog array string int int
        system.listMethods array
        system.methodHelp string string
        system.methodSignature array string
        system.multicall array array
        """;

    @Test
    void onlyTheTableIsCallableAndBadParametersAreFaults() throws Exception {
        run(PROGRAMS);
        // supervisord's CVE-2017-11610 walked attributes from a dotted name
        faults(1, "UNKNOWN_METHOD", "supervisor.supervisord.options.execve", "/bin/sh");
        faults(1, "UNKNOWN_METHOD", "supervisor._update", "x");
        faults(1, "UNKNOWN_METHOD", "supervisor.getClass");
        faults(1, "UNKNOWN_METHOD", "nope");
        assertThatThrownBy(() -> rpc.call(null, null)).isInstanceOf(RpcFault.class);
        faults(2, "INCORRECT_PARAMETERS", "supervisor.getProcessInfo");
        faults(2, "INCORRECT_PARAMETERS", "supervisor.getProcessInfo", "web", "extra");
        faults(2, "INCORRECT_PARAMETERS", "supervisor.getProcessInfo", 42);
        faults(2, "INCORRECT_PARAMETERS", "supervisor.startProcess", "web", "yes");
        faults(2, "INCORRECT_PARAMETERS", "supervisor.readLog", "0", 0);
        faults(2, "INCORRECT_PARAMETERS", "supervisor.getState", 1);
        faults(2, "INCORRECT_PARAMETERS", "system.multicall", "calls");
    }

    @Test
    void theDaemonsOwnMethods() throws Exception {
        run(PROGRAMS);
        assertThat(call("supervisor.getAPIVersion")).isEqualTo("3.0");
        assertThat(call("supervisor.getVersion")).isEqualTo("3.0");
        assertThat(call("supervisor.getSupervisorVersion")).isEqualTo("9.9-test");
        assertThat(call("supervisor.getIdentification")).isEqualTo("supervisor");
        assertThat(call("supervisor.getState")).isEqualTo(Map.of("statecode", 1, "statename", "RUNNING"));
        assertThat(call("supervisor.getPID"))
                .isEqualTo((int) ProcessHandle.current().pid());
        assertThat(call("supervisor.sendRemoteCommEvent", "t", "d")).isEqualTo(true);
        assertThat(asked).contains("remote t d");
        assertThat(call("supervisor.restart")).isEqualTo(true);
        await().atMost(BOUND).until(() -> asked.contains("reload"));
        assertThat(call("supervisor.shutdown")).isEqualTo(true);
        assertThat(asked).contains("shutdown");
        // supervisord's _update: once shutting down, every supervisor.* call faults
        faults(6, "SHUTDOWN_STATE", "supervisor.getState");
        faults(6, "SHUTDOWN_STATE", "supervisor.getAllProcessInfo");
        faults(6, "SHUTDOWN_STATE", "supervisor.shutdown");
        assertThat(call("system.listMethods")).asList().isNotEmpty();
    }

    @Test
    void processInfoHasEveryFieldOfSupervisordInItsOrder() throws Exception {
        run(PROGRAMS);
        await().atMost(BOUND).until(() -> "RUNNING".equals(info("g:a").get("statename")));
        List<Map<String, Object>> all = structs(call("supervisor.getAllProcessInfo"));
        assertThat(all)
                .extracting(m -> m.get("group") + ":" + m.get("name"))
                .containsExactly("crash:crash", "g:a", "g:b", "pool:pool_00", "pool:pool_01", "web:web");
        Map<String, Object> web = info("web");
        assertThat(web.keySet())
                .containsExactly(
                        "name",
                        "group",
                        "start",
                        "stop",
                        "now",
                        "state",
                        "statename",
                        "spawnerr",
                        "exitstatus",
                        "logfile",
                        "stdout_logfile",
                        "stderr_logfile",
                        "pid",
                        "description");
        assertThat(web)
                .containsEntry("name", "web")
                .containsEntry("group", "web")
                .containsEntry("state", 0)
                .containsEntry("statename", "STOPPED")
                .containsEntry("start", 0)
                .containsEntry("stop", 0)
                .containsEntry("pid", 0)
                .containsEntry("exitstatus", 0)
                .containsEntry("spawnerr", "")
                .containsEntry("description", "Not started")
                .containsEntry("logfile", dir.resolve("web.out").toString())
                .containsEntry("stdout_logfile", dir.resolve("web.out").toString())
                .containsEntry("stderr_logfile", dir.resolve("web.err").toString());
        assertThat((int) web.get("now"))
                .isCloseTo((int) (System.currentTimeMillis() / 1000), org.assertj.core.data.Offset.offset(5));
        Map<String, Object> a = info("g:a");
        assertThat(a).containsEntry("state", 20);
        // an AUTO log: the file the daemon chose
        assertThat((String) a.get("stdout_logfile")).isNotEmpty().isEqualTo(a.get("logfile"));
        assertThat((String) a.get("description")).matches("pid " + a.get("pid") + ", uptime 0:00:0\\d");
        assertThat((int) a.get("pid")).isPositive();
        assertThat((int) a.get("start")).isPositive();
    }

    @Test
    void namesFollowSupervisordsGrammar() throws Exception {
        run(PROGRAMS);
        // a bare name is name:name: a grouped process and one of numprocs are named with their group
        faults(10, "BAD_NAME: a", "supervisor.getProcessInfo", "a");
        faults(10, "BAD_NAME: pool_00", "supervisor.startProcess", "pool_00");
        faults(10, "BAD_NAME: pool", "supervisor.startProcess", "pool");
        faults(10, "BAD_NAME: g:*", "supervisor.getProcessInfo", "g:*");
        faults(10, "BAD_NAME: nope:*", "supervisor.startProcess", "nope:*");
        faults(10, "BAD_NAME: g:c", "supervisor.stopProcess", "g:c");
        faults(10, "BAD_NAME: g:*", "supervisor.startProcessGroup", "g:*");
        assertThat(info("pool:pool_01")).containsEntry("name", "pool_01").containsEntry("group", "pool");
        assertThat(info("web:web")).containsEntry("name", "web");
    }

    @Test
    void startAndStopAnswerAsSupervisord() throws Exception {
        run(PROGRAMS);
        assertThat(call("supervisor.startProcess", "web")).isEqualTo(true);
        assertThat(info("web")).containsEntry("statename", "RUNNING");
        faults(60, "ALREADY_STARTED: web", "supervisor.startProcess", "web");
        faults(60, "ALREADY_STARTED: web:web", "supervisor.startProcess", "web:web", false);
        assertThat(call("supervisor.stopProcess", "web")).isEqualTo(true);
        Map<String, Object> web = info("web");
        assertThat(web).containsEntry("statename", "STOPPED").containsEntry("pid", 0);
        assertThat((String) web.get("description")).matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M");
        assertThat((int) web.get("stop")).isGreaterThanOrEqualTo((int) web.get("start"));
        faults(70, "NOT_RUNNING: web", "supervisor.stopProcess", "web");

        // a start that exits before its startsecs: supervisord's SPAWN_ERROR and its spawnerr
        faults(50, "SPAWN_ERROR: crash", "supervisor.startProcess", "crash");
        await().atMost(BOUND).until(() -> "FATAL".equals(info("crash").get("statename")));
        assertThat(info("crash"))
                .containsEntry("spawnerr", "Exited too quickly (process log may have details)")
                .containsEntry("description", "Exited too quickly (process log may have details)")
                .containsEntry("exitstatus", 3)
                .containsEntry("state", 200);
    }

    @Test
    void aCommandThatIsNotThereIsNoFileAndOneThatIsNotExecutableIsNotExecutable() throws Exception {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "not a program");
        run("""
            [program:missing]
            command = DIR/no-such-program
            autostart = false
            startretries = 0
            [program:plain]
            command = DIR/plain.txt
            autostart = false
            startretries = 0
            """);
        faults(
                20,
                "NO_FILE: can't find command '" + dir.resolve("no-such-program") + "'",
                "supervisor.startProcess",
                "missing");
        faults(21, "NOT_EXECUTABLE: command at '" + plain + "' is not executable", "supervisor.startProcess", "plain");
    }

    @Test
    void withoutWaitAStartOrStopAnswersAtOnceAndHappensAfter() throws Exception {
        run(PROGRAMS);
        assertThat(call("supervisor.startProcess", "web", false)).isEqualTo(true);
        await().atMost(BOUND).until(() -> "RUNNING".equals(info("web").get("statename")));
        assertThat(call("supervisor.stopProcess", "web:web", false)).isEqualTo(true);
        await().atMost(BOUND).until(() -> "STOPPED".equals(info("web").get("statename")));
        assertThat(call("supervisor.startProcessGroup", "pool", false))
                .isEqualTo(List.of(
                        Map.of("name", "pool_00", "group", "pool", "status", 80, "description", "OK"),
                        Map.of("name", "pool_01", "group", "pool", "status", 80, "description", "OK")));
        await().atMost(BOUND).until(() -> "RUNNING".equals(info("pool:pool_01").get("statename")));
        assertThat(structs(call("supervisor.stopAllProcesses", false))).hasSize(4);
        await().atMost(BOUND)
                .until(() -> structs(call("supervisor.getAllProcessInfo")).stream()
                        .noneMatch(m -> m.get("statename").equals("RUNNING")));
    }

    @Test
    void anExitAfterTheStartIsExitedWithItsStatusAndStopTime() throws Exception {
        run("""
            [program:once]
            command = sh -c 'sleep 0.3; exit 5'
            startsecs = 0
            autorestart = false
            """);
        await().atMost(BOUND).until(() -> "EXITED".equals(info("once").get("statename")));
        Map<String, Object> once = info("once");
        assertThat(once)
                .containsEntry("state", 100)
                .containsEntry("exitstatus", 5)
                .containsEntry("pid", 0)
                .containsEntry("spawnerr", "");
        assertThat((String) once.get("description")).matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M");
        assertThat((int) once.get("stop"))
                .isGreaterThanOrEqualTo((int) once.get("start"))
                .isPositive();
        faults(70, "NOT_RUNNING: once", "supervisor.stopProcess", "once");
        faults(70, "NOT_RUNNING: once", "supervisor.signalProcess", "once", "TERM");
    }

    @Test
    void groupsAndAllAnswerOneStructPerProcessConcerned() throws Exception {
        run(PROGRAMS);
        await().atMost(BOUND).until(() -> "RUNNING".equals(info("g:b").get("statename")));
        // nothing to start in g: supervisord's start skips what runs, so the array is empty
        assertThat(structs(call("supervisor.startProcessGroup", "g"))).isEmpty();
        assertThat(call("supervisor.startProcess", "pool:*"))
                .isEqualTo(List.of(
                        Map.of("name", "pool_00", "group", "pool", "status", 80, "description", "OK"),
                        Map.of("name", "pool_01", "group", "pool", "status", 80, "description", "OK")));
        assertThat(structs(call("supervisor.stopProcessGroup", "g")))
                .extracting(m -> m.get("name") + " " + m.get("status") + " " + m.get("description"))
                .containsExactly("a 80 OK", "b 80 OK");
        assertThat(structs(call("supervisor.stopProcessGroup", "g"))).isEmpty();
        faults(10, "BAD_NAME: nope", "supervisor.stopProcessGroup", "nope");

        // a bad signal is each signallable process's fault; a good one signals each
        assertThat(structs(call("supervisor.signalProcessGroup", "pool", "NOPE")))
                .extracting(m -> m.get("name") + " " + m.get("status") + " " + m.get("description"))
                .containsExactly("pool_00 11 BAD_SIGNAL: NOPE", "pool_01 11 BAD_SIGNAL: NOPE");
        faults(11, "BAD_SIGNAL: NOPE", "supervisor.signalProcess", "pool:pool_00", "NOPE");
        faults(70, "NOT_RUNNING: g:a", "supervisor.signalProcess", "g:a", "HUP");
        assertThat(call("supervisor.signalProcess", "pool:pool_00", "WINCH")).isEqualTo(true);
        assertThat(structs(call("supervisor.signalAllProcesses", "CONT")))
                .extracting(m -> m.get("group") + ":" + m.get("name"))
                .containsExactlyInAnyOrder("pool:pool_00", "pool:pool_01");

        // the results name the processes supervisord's way, and the crash is one of them
        List<Map<String, Object>> started = structs(call("supervisor.startAllProcesses"));
        assertThat(started)
                .extracting(m -> m.get("name") + " " + m.get("status") + " " + m.get("description"))
                .containsExactlyInAnyOrder("crash 50 SPAWN_ERROR: crash", "a 80 OK", "b 80 OK", "web 80 OK");
        List<Map<String, Object>> stopped = structs(call("supervisor.stopAllProcesses"));
        assertThat(stopped)
                .extracting(m -> m.get("name") + " " + m.get("status"))
                .containsExactlyInAnyOrder("a 80", "b 80", "web 80", "pool_00 80", "pool_01 80");
        assertThat(structs(call("supervisor.getAllProcessInfo")))
                .allSatisfy(m -> assertThat(m.get("statename")).isIn("STOPPED", "FATAL", "BACKOFF"));
    }

    @Test
    void logsAreReadAndTailedAsSupervisordsReadFileAndTailFile() throws Exception {
        run("""
            [program:talk]
            command = sh -c 'printf 0123456789; printf oops >&2; exec sleep 100000'
            startsecs = 0
            stdout_logfile = DIR/talk.out
            stderr_logfile = DIR/talk.err
            [program:quiet]
            command = sleep 100000
            startsecs = 0
            autostart = false
            stdout_logfile = NONE
            """);
        await().atMost(BOUND)
                .until(() -> Files.exists(dir.resolve("talk.out")) && Files.size(dir.resolve("talk.out")) == 10);
        assertThat(call("supervisor.readProcessStdoutLog", "talk", -4, 0)).isEqualTo("6789");
        assertThat(call("supervisor.readProcessLog", "talk", 2, 3)).isEqualTo("234");
        assertThat(call("supervisor.readProcessStdoutLog", "talk", 0, 0)).isEqualTo("0123456789");
        assertThat(call("supervisor.readProcessStdoutLog", "talk", -100, 0)).isEqualTo("0123456789");
        await().atMost(BOUND).until(() -> "oops".equals(call("supervisor.readProcessStderrLog", "talk", 0, 0)));
        faults(3, "BAD_ARGUMENTS", "supervisor.readProcessStdoutLog", "talk", -4, 2);
        faults(3, "BAD_ARGUMENTS", "supervisor.readProcessStdoutLog", "talk", 0, -1);
        faults(20, "NO_FILE", "supervisor.readProcessStdoutLog", "quiet", 0, 0);
        faults(10, "BAD_NAME: nope", "supervisor.readProcessStdoutLog", "nope", 0, 0);

        // tailFile: grown past offset + length: overflow, the last length bytes, the size
        assertThat(call("supervisor.tailProcessStdoutLog", "talk", 0, 4)).isEqualTo(List.of("6789", 10, true));
        assertThat(call("supervisor.tailProcessLog", "talk", 6, 4)).isEqualTo(List.of("6789", 10, false));
        assertThat(call("supervisor.tailProcessStdoutLog", "talk", 10, 4)).isEqualTo(List.of("", 10, false));
        assertThat(call("supervisor.tailProcessStdoutLog", "talk", 3, 4)).isEqualTo(List.of("6789", 10, true));
        assertThat(call("supervisor.readProcessStdoutLog", "talk", 20, 0)).isEqualTo("");
        assertThat(call("supervisor.tailProcessStderrLog", "talk", 0, 100)).isEqualTo(List.of("oops", 4, false));
        assertThat(call("supervisor.tailProcessStdoutLog", "quiet", 0, 100)).isEqualTo(List.of("", 0, false));

        assertThat(call("supervisor.clearProcessLogs", "talk")).isEqualTo(true);
        assertThat(Files.size(dir.resolve("talk.out"))).isZero();
        assertThat(call("supervisor.clearAllProcessLogs"))
                .isEqualTo(List.of(
                        Map.of("name", "quiet", "group", "quiet", "status", 80, "description", "OK"),
                        Map.of("name", "talk", "group", "talk", "status", 80, "description", "OK")));

        // the main log: here the daemon's event log
        Files.writeString(dir.resolve("main.log"), "line one\nline two\n");
        assertThat(call("supervisor.readLog", -9, 0)).isEqualTo("line two\n");
        assertThat(call("supervisor.readMainLog", 0, 4)).isEqualTo("line");
        assertThat(call("supervisor.clearLog")).isEqualTo(true);
        assertThat(Files.size(dir.resolve("main.log"))).isZero();
        Files.delete(dir.resolve("main.log"));
        faults(20, "NO_FILE: " + dir.resolve("main.log"), "supervisor.readLog", 0, 0);
        faults(20, "NO_FILE", "supervisor.clearLog");
    }

    @Test
    void stdinGoesToAProcessWithAPipe() throws Exception {
        run("""
            [program:cat]
            command = cat
            startsecs = 0
            stdin = pipe
            stdout_logfile = DIR/cat.out
            [program:nopipe]
            command = sleep 100000
            startsecs = 0
            [program:down]
            command = sleep 100000
            autostart = false
            """);
        await().atMost(BOUND)
                .until(() -> "RUNNING".equals(info("cat").get("statename"))
                        && "RUNNING".equals(info("nopipe").get("statename")));
        assertThat(call("supervisor.sendProcessStdin", "cat", "hello\n")).isEqualTo(true);
        await().atMost(BOUND).until(() -> "hello\n".equals(call("supervisor.readProcessStdoutLog", "cat", 0, 0)));
        faults(70, "NOT_RUNNING: down", "supervisor.sendProcessStdin", "down", "x");
        faults(20, "NO_FILE: nopipe", "supervisor.sendProcessStdin", "nopipe", "x");
        faults(2, "INCORRECT_PARAMETERS: 7", "supervisor.sendProcessStdin", "cat", 7);
    }

    @Test
    void theConfigurationIsReadByGroupAndAppliedThroughControl() throws Exception {
        run(PROGRAMS);
        assertThat(call("supervisor.reloadConfig")).isEqualTo(List.of(List.of(List.of(), List.of(), List.of())));
        Files.writeString(
                conf,
                Files.readString(conf)
                                .replace(
                                        "[program:web]\ncommand = sleep 100000",
                                        "[program:web]\ncommand = sleep 200000")
                                .replace("programs = a,b", "programs = a")
                        + "\n[program:extra]\ncommand = sleep 100000\n");
        // b leaves g (g changed) and becomes its own group b (added): groups, not programs
        assertThat(call("supervisor.reloadConfig"))
                .isEqualTo(List.of(List.of(List.of("b", "extra"), List.of("g", "web"), List.of())));
        List<Map<String, Object>> avail = structs(call("supervisor.getAllConfigInfo"));
        assertThat(avail)
                .extracting(m -> m.get("group") + ":" + m.get("name") + " " + m.get("inuse"))
                .containsExactly(
                        "g:a true",
                        "b:b false",
                        "crash:crash true",
                        "extra:extra false",
                        "pool:pool_00 true",
                        "pool:pool_01 true",
                        "web:web true");
        Map<String, Object> web = avail.getLast();
        assertThat(web)
                .containsEntry("command", "sleep 200000")
                .containsEntry("autostart", false)
                .containsEntry("startsecs", 0)
                .containsEntry("stopsignal", 15)
                .containsEntry("exitcodes", List.of(0))
                .containsEntry("stdout_logfile", dir.resolve("web.out").toString())
                .containsEntry("directory", "none")
                .containsEntry("uid", "none")
                .containsEntry("group_prio", 999)
                .containsEntry("process_prio", 999);
        assertThat(web)
                .containsKeys(
                        "killasgroup",
                        "redirect_stderr",
                        "startretries",
                        "stopwaitsecs",
                        "stdout_capture_maxbytes",
                        "stdout_events_enabled",
                        "stdout_logfile_backups",
                        "stdout_logfile_maxbytes",
                        "stdout_syslog",
                        "stderr_capture_maxbytes",
                        "stderr_events_enabled",
                        "stderr_logfile",
                        "stderr_logfile_backups",
                        "stderr_logfile_maxbytes",
                        "stderr_syslog",
                        "serverurl");

        assertThat(call("supervisor.addProcessGroup", "extra")).isEqualTo(true);
        faults(90, "ALREADY_ADDED: web", "supervisor.addProcessGroup", "web");
        faults(10, "BAD_NAME: nope", "supervisor.addProcessGroup", "nope");
        assertThat(call("supervisor.removeProcessGroup", "web")).isEqualTo(true);
        faults(10, "BAD_NAME: nope", "supervisor.removeProcessGroup", "nope");
        assertThat(asked).containsExactly("add extra", "remove web");

        Files.writeString(conf, "[program:broken\n");
        assertThatThrownBy(() -> call("supervisor.reloadConfig")).isInstanceOfSatisfying(RpcFault.class, f -> {
            assertThat(f.code()).isEqualTo(92);
            assertThat(f.string()).startsWith("CANT_REREAD: ");
        });
    }

    @Test
    void multicallAnswersEachCallsValueOrFaultStruct() throws Exception {
        run(PROGRAMS);
        Object out = call(
                "system.multicall",
                List.of(
                        Map.of("methodName", "supervisor.getAPIVersion", "params", List.of()),
                        Map.of("methodName", "supervisor.getProcessInfo", "params", List.of("nope")),
                        Map.of("methodName", "supervisor.getState"),
                        Map.of("params", List.of()),
                        Map.of("methodName", "system.multicall", "params", List.of(List.of())),
                        Map.of("methodName", "supervisor.no.such")));
        assertThat(out)
                .isEqualTo(List.of(
                        "3.0",
                        Map.of("faultCode", 10, "faultString", "BAD_NAME: nope"),
                        Map.of("statecode", 1, "statename", "RUNNING"),
                        Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS: No methodName"),
                        Map.of(
                                "faultCode",
                                2,
                                "faultString",
                                "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"),
                        Map.of("faultCode", 1, "faultString", "UNKNOWN_METHOD")));
    }
}
