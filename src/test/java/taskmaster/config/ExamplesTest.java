package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.RpcServerSettings;
import taskmaster.model.Signal;

/** Every file shipped in conf/examples loads, and means what its comments say. */
class ExamplesTest {
    private static final Path EXAMPLES =
            Path.of("..", "conf", "examples").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    private Configuration load(String name) throws ConfigException {
        return new ConfigLoader(TestConfigs.inputs(tmp)).load(EXAMPLES.resolve(name));
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleLoads(Path file) throws ConfigException {
        Configuration c = new ConfigLoader(TestConfigs.inputs(tmp)).load(file);
        assertThat(c.programs()).isNotEmpty();
        assertThat(ProgramSummary.lines(c)).hasSameSizeAs(c.programs());
    }

    @Test
    void loadsWithThisMachinesInputs() throws ConfigException {
        Configuration c = new ConfigLoader().load(EXAMPLES.resolve("mon_processus.conf"));
        assertThat(c.processes()).hasSize(2);
        assertThat(LoaderInputs.system().hostNodeName()).isNotBlank();
    }

    @Test
    void monProcessus() throws ConfigException {
        ProgramSpec p = load("mon_processus.conf").programsByName().get("mon_processus");
        assertThat(p.processes()).extracting(ProcessSpec::name).containsExactly("mon_processus_00", "mon_processus_01");
        ProcessSpec t = p.template();
        assertThat(t.umask()).isEqualTo(022);
        assertThat(t.workingDir()).isEqualTo(Path.of("/tmp"));
        assertThat(t.autorestart()).isEqualTo(AutoRestart.UNEXPECTED);
        assertThat(t.exitCodes()).containsExactlyInAnyOrder(0, 1);
        assertThat(t.startRetries()).isEqualTo(3);
        assertThat(t.startSeconds()).isEqualTo(5);
        assertThat(t.stopSignal()).isEqualTo(Signal.TERM);
        assertThat(t.stopSeconds()).isEqualTo(10);
        assertThat(t.environment()).containsEntry("VAR1", "value1").containsEntry("VAR2", "value2");
        assertThat(p.processes())
                .extracting(ProcessSpec::stdout)
                .containsExactly(
                        new Output.ToFile(Path.of("/tmp/mon_processus.stdout.0")),
                        new Output.ToFile(Path.of("/tmp/mon_processus.stdout.1")));
        assertThat(t.argv())
                .containsExactly("sh", "-c", "while true; do echo \"mon_processus $VAR1 $VAR2\"; sleep 5; done");
    }

    @Test
    void workerProcessKeepsItsFrenchComments() throws ConfigException {
        ProgramSpec p = load("worker_process.conf").programsByName().get("worker_process");
        assertThat(p.numprocs()).isEqualTo(4);
        ProcessSpec t = p.template();
        assertThat(t.autostart()).isTrue();
        assertThat(t.stopSignal()).isEqualTo(Signal.TERM);
        assertThat(t.environment()).containsExactly(java.util.Map.entry("WORKER_ENV", "production"));
        assertThat(t.stderr()).isEqualTo(new Output.ToFile(Path.of("/tmp/worker.stderr.0")));
    }

    @Test
    void eachWorkerHasItsOwnId() throws ConfigException {
        List<ProcessSpec> procs =
                load("worker_ids.conf").programsByName().get("worker_ids").processes();
        assertThat(procs).extracting(p -> p.environment().get("WORKER_ID")).containsExactly("0", "1", "2", "3");
        assertThat(procs)
                .extracting(ProcessSpec::stdout)
                .containsExactly(
                        new Output.ToFile(Path.of("/tmp/worker_ids-0.stdout")),
                                new Output.ToFile(Path.of("/tmp/worker_ids-1.stdout")),
                        new Output.ToFile(Path.of("/tmp/worker_ids-2.stdout")),
                                new Output.ToFile(Path.of("/tmp/worker_ids-3.stdout")));
    }

    @Test
    void supervisordFormat() throws ConfigException {
        Configuration c = load("supervisord.conf");
        assertThat(c.files())
                .containsExactly(EXAMPLES.resolve("supervisord.conf"), EXAMPLES.resolve("conf.d/queue.conf"));
        assertThat(c.programsByName()).containsOnlyKeys("web", "cron", "queue");
        ProgramSpec web = c.programsByName().get("web");
        assertThat(web.group()).isEqualTo("frontend");
        assertThat(web.priority()).isEqualTo(100);
        assertThat(web.processes()).extracting(ProcessSpec::name).containsExactly("web_00", "web_01", "web_02");
        assertThat(web.processes())
                .extracting(p -> p.environment().get("PORT"))
                .containsExactly("8000", "8001", "8002");
        assertThat(web.template().environment()).containsEntry("APP_ENV", "staging");
        assertThat(web.template().stopSignal()).isEqualTo(Signal.INT);
        assertThat(web.template().redirectStderr()).isTrue();
        assertThat(c.programsByName().get("cron").template().stdout())
                .isEqualTo(new Output.ToFile(Path.of("/tmp/cron-stdout.log")));
        assertThat(c.programsByName().get("queue").template().environment())
                .containsEntry("QUEUE_HOME", EXAMPLES.resolve("conf.d").toString());
        assertThat(c.daemon().loglevel()).isEqualTo("INFO");
        assertThat(c.daemon().nodaemon()).isTrue();
        assertThat(c.daemon().rpc().unix())
                .isEqualTo(new RpcServerSettings.Unix(Path.of("/tmp/supervisor.sock"), 0700, null, null, null));
        assertThat(c.warnings())
                .noneMatch(w -> w.contains(": [unix_http_server]"))
                // the client's section and supervisord's own interface are boilerplate: no warning
                .noneMatch(w -> w.contains("[supervisorctl]"))
                .noneMatch(w -> w.contains("[rpcinterface:supervisor]"))
                .anyMatch(w -> w.contains("minfds: ignored"));
        assertThat(ProgramSummary.line(web))
                .isEqualTo(
                        "web: 3 processes (web_00..web_02), group frontend, autostart, priority 100, cmd 'sh -c 'exec"
                                + " sleep 3600''");
    }
}
