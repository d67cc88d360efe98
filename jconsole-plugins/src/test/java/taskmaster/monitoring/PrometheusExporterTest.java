package taskmaster.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * The shipped {@code conf/jmx-exporter.yaml} with the real Prometheus JMX exporter 1.0.1, in both
 * forms at once on one daemon: the javaagent inside the daemon's JVM, and the standalone HTTP
 * server scraping the daemon's RMI port with a jmx_users login. Both metrics pages must agree with
 * the daemon's own state, before and after a stop and a start.
 */
class PrometheusExporterTest {

    static final String PROGRAMS = """
        [web]
        cmd = sleep 100000
        starttime = 0
        stoptime = 2
        [idle]
        cmd = sleep 100000
        autostart = false
        """;

    @Test
    void bothExporterFormsTurnTheBeansIntoMetricsThatFollowTheDaemon(@TempDir Path dir) throws Exception {
        int agentPort = Tools.freePort();
        String agent = "-javaagent:" + Tools.tool("jmx_prometheus_javaagent.jar") + "=127.0.0.1:" + agentPort + ":"
                + Tools.exporterRules();
        Process standalone = null;
        try (TestDaemon daemon = TestDaemon.in(dir)
                        .jolokiaOff()
                        .jmx(TestDaemon.JMX_USER + ":" + TestDaemon.JMX_PASSWORD + ":readonly,admin:a-pw:readwrite")
                        .jvm(List.of("-Xmx128m", agent))
                        .programs(PROGRAMS)
                        .start()
                        .awaitJmx();
                JMXConnector jmx = javax.management.remote.JMXConnectorFactory.connect(
                        new javax.management.remote.JMXServiceURL(daemon.serviceUrl),
                        Map.of(JMXConnector.CREDENTIALS, new String[] {"admin", "a-pw"}))) {
            Path yaml = dir.resolve("standalone.yaml");
            Files.writeString(
                    yaml,
                    "hostPort: " + daemon.hostPort + "\nusername: " + TestDaemon.JMX_USER + "\npassword: "
                            + TestDaemon.JMX_PASSWORD + "\nssl: false\n" + Files.readString(Tools.exporterRules()));
            int standalonePort = Tools.freePort();
            standalone = new ProcessBuilder(
                            Tools.java(),
                            "-Xmx64m",
                            "-jar",
                            Tools.tool("jmx_prometheus_httpserver.jar").toString(),
                            "127.0.0.1:" + standalonePort,
                            yaml.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("exporter.out").toFile())
                    .start();
            List<String> pages = List.of(
                    "http://127.0.0.1:" + agentPort + "/metrics", "http://127.0.0.1:" + standalonePort + "/metrics");
            SupervisorMXBean supervisor =
                    JMX.newMXBeanProxy(jmx.getMBeanServerConnection(), ObjectNames.SUPERVISOR, SupervisorMXBean.class);

            awaitAgreement(pages, supervisor, "web", ProcessState.RUNNING);
            Map<String, Double> m = Tools.scrape(pages.get(0));
            assertThat(m)
                    .containsEntry("taskmaster_process_state{process=\"idle\",program=\"idle\",state=\"STOPPED\"}", 1.0)
                    .containsEntry("taskmaster_process_up{process=\"idle\",program=\"idle\"}", 0.0)
                    .containsEntry("taskmaster_program_running{program=\"web\"}", 1.0)
                    .containsEntry("taskmaster_program_state{program=\"web\",state=\"RUNNING\"}", 1.0)
                    .containsEntry("taskmaster_supervisor_state{state=\"RUNNING\"}", 1.0)
                    .containsKey("taskmaster_process_uptime_seconds{process=\"web\",program=\"web\"}")
                    .containsKey("jvm_memory_used_bytes{area=\"heap\"}"); // the agent also exports its JVM
            assertThat(Tools.scrape(pages.get(1))).containsEntry("jmx_scrape_error", 0.0);

            assertThat(supervisor.stop("web")).allMatch(r -> r.ok());
            awaitAgreement(pages, supervisor, "web", ProcessState.STOPPED);
            for (String page : pages) {
                assertThat(Tools.scrape(page))
                        .containsEntry("taskmaster_program_running{program=\"web\"}", 0.0)
                        .containsEntry(
                                "taskmaster_process_state{process=\"web\",program=\"web\",state=\"RUNNING\"}", 0.0)
                        // stopped by hand: its wanted state is the operator's now
                        .containsEntry(
                                "taskmaster_process_wanted_source{process=\"web\",program=\"web\",source=\"OPERATOR\"}",
                                1.0)
                        .doesNotContainKey(
                                "taskmaster_process_wanted_source{process=\"web\",program=\"web\",source=\"CONFIG\"}");
            }

            assertThat(supervisor.start("web")).allMatch(r -> r.ok());
            awaitAgreement(pages, supervisor, "web", ProcessState.RUNNING);
        } finally {
            Procs.kill(standalone);
        }
    }

    /** Waits until every page shows the process in that state, then checks its series against the daemon. */
    void awaitAgreement(List<String> pages, SupervisorMXBean supervisor, String process, ProcessState state)
            throws IOException, InterruptedException {
        String labels = "{process=\"" + process + "\",program=\"" + process + "\"";
        for (String page : pages) {
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> Double.valueOf(1.0)
                            .equals(Tools.scrape(page)
                                    .get("taskmaster_process_state" + labels + ",state=\"" + state + "\"}")));
            ProcessInfo p = supervisor.getProcesses().stream()
                    .filter(x -> x.name().equals(process))
                    .findFirst()
                    .orElseThrow();
            assertThat(p.state()).isEqualTo(state);
            Map<String, Double> m = Tools.scrape(page);
            assertThat(m)
                    .as(page)
                    .containsEntry("taskmaster_process_up" + labels + "}", state == ProcessState.RUNNING ? 1.0 : 0.0)
                    .containsEntry("taskmaster_process_pid" + labels + "}", (double) p.pid())
                    .containsEntry("taskmaster_process_restarts_total" + labels + "}", (double) p.restarts())
                    .containsEntry("taskmaster_process_wanted" + labels + "}", p.wanted() ? 1.0 : 0.0);
            // The rules scale by valueFactor 0.001: ms * 0.001 may differ from ms / 1000.0 in the last bit.
            assertThat(m.get("taskmaster_process_start_time_seconds" + labels + "}"))
                    .as(page)
                    .isCloseTo(p.startTime() / 1000.0, org.assertj.core.data.Offset.offset(1e-3));
            for (ProcessState each : ProcessState.values()) {
                assertThat(m)
                        .as(page + " " + each)
                        .containsEntry(
                                "taskmaster_process_state" + labels + ",state=\"" + each + "\"}",
                                each == state ? 1.0 : 0.0);
            }
            // the lifecycle's series: the health one 0/1 series per value like the state, its check,
            // where the wanted state comes from, and whether it waits for dependencies
            for (Health each : Health.values()) {
                assertThat(m)
                        .as(page + " " + each)
                        .containsEntry(
                                // the exporter sorts the labels: health comes first
                                "taskmaster_process_health{health=\"" + each + "\"," + labels.substring(1) + "}",
                                each == p.health() ? 1.0 : 0.0);
            }
            assertThat(m)
                    .as(page)
                    .containsEntry("taskmaster_process_health_failures" + labels + "}", (double) p.healthFailures())
                    .containsEntry("taskmaster_process_health_ok" + labels + "}", p.healthOk() ? 1.0 : 0.0)
                    .containsEntry(
                            "taskmaster_process_health_checked_time_seconds" + labels + "}",
                            p.healthCheckedAt() / 1000.0)
                    .containsEntry(
                            "taskmaster_process_wanted_source" + labels + ",source=\"" + p.wantedSource() + "\"}", 1.0)
                    .containsEntry(
                            "taskmaster_process_waiting" + labels + "}",
                            p.waitingFor().isEmpty() ? 0.0 : 1.0);
            // the resource series, in both forms: the RMI connector's read-only user may read them
            assertThat(m)
                    .as(page)
                    .containsKeys(
                            "taskmaster_process_memory_rss_bytes" + labels + "}",
                            "taskmaster_process_cpu_user_seconds_total" + labels + "}",
                            "taskmaster_process_threads" + labels + "}",
                            "taskmaster_process_output_bytes_total" + labels + ",stream=\"stdout\"}",
                            "taskmaster_program_memory_rss_bytes{program=\"" + process + "\"}",
                            "taskmaster_daemon_memory_rss_bytes",
                            "taskmaster_daemon_threads");
        }
    }
}
