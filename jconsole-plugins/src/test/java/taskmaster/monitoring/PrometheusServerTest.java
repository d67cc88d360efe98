package taskmaster.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * Debian's Prometheus server, started by the test with its own configuration, scrapes the
 * exporter's javaagent in a real daemon every second and evaluates the shipped alert rules
 * ({@code conf/prometheus/alerts.yml}); its HTTP API answers the PromQL of those rules and of the
 * Grafana dashboard ({@code conf/grafana/taskmaster-dashboard.json}). One daemon and one
 * Prometheus serve the whole class.
 *
 * <p>Skipped only on a developer machine without Prometheus; in CI (the {@code CI} variable set)
 * a missing {@code /usr/bin/prometheus} or {@code /usr/bin/promtool} fails: {@code .ci/run}
 * installs them.
 */
class PrometheusServerTest {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Duration BOUND = TestDaemon.BOUND;

    /**
     * Two RUNNING, one STOPPED, one FATAL, one EXITED but wanted up, one that keeps failing to start
     * (BACKOFF, retried without end), and one that writes to stdout and stderr all the time (to
     * files: the output counts are of captured output, and a {@code [name]} section discards it).
     */
    static final String PROGRAMS = """
        [web]
        cmd = sleep 100000
        numprocs = 2
        process_name = web_%(process_num)s
        starttime = 0
        stoptime = 2
        [idle]
        cmd = sleep 100000
        autostart = false
        [crash]
        cmd = false
        startretries = 1
        starttime = 1
        [once]
        cmd = true
        starttime = 0
        [flaky]
        cmd = false
        startretries = infinite
        starttime = 1
        [talk]
        cmd = /bin/sh -c 'while :; do echo out; echo err >&2; sleep 0.2; done'
        starttime = 0
        stdout_logfile = %(here)s/talk.out
        stderr_logfile = %(here)s/talk.err
        """;

    /** What Grafana puts in for its own variables, as the test substitutes them before a query. */
    static final Map<String, String> GRAFANA_BUILTINS =
            Map.of("__rate_interval", "30s", "__interval", "5s", "__range", "1m");

    @TempDir
    static Path dir;

    static TestDaemon daemon;
    static Process prometheus;
    /** A standalone exporter whose daemon is gone: it answers, with jmx_scrape_error 1. */
    static Process orphanExporter;

    static String orphanInstance;
    /** Prometheus' HTTP API. */
    static String api;
    /** The instance label of the daemon's exporter, and of a target where nothing listens. */
    static String instance;

    static String deadInstance;

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startDaemonAndPrometheus() throws Exception {
        require(PROMETHEUS);
        int agentPort = Tools.freePort();
        instance = "127.0.0.1:" + agentPort;
        deadInstance = "127.0.0.1:" + Tools.freePort();
        String agent = "-javaagent:" + Tools.tool("jmx_prometheus_javaagent.jar") + "=" + instance + ":"
                + Tools.exporterRules();
        daemon = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                .keys("sample_interval = 1") // the figures within a second or two, not five
                .jvm(List.of("-Xmx128m", agent))
                .programs(PROGRAMS)
                .start()
                .awaitUrl();

        Path orphan = dir.resolve("orphan-exporter.yaml");
        Files.writeString(
                orphan,
                "hostPort: 127.0.0.1:" + Tools.freePort() + "\nusername: nobody\npassword: none\nssl: false\n"
                        + Files.readString(Tools.exporterRules()));
        orphanInstance = "127.0.0.1:" + Tools.freePort();
        orphanExporter = new ProcessBuilder(
                        Tools.java(),
                        "-Xmx64m",
                        "-jar",
                        Tools.tool("jmx_prometheus_httpserver.jar").toString(),
                        orphanInstance,
                        orphan.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("orphan-exporter.out").toFile())
                .start();

        Path prom = Files.createDirectories(dir.resolve("prometheus"));
        Path config = prom.resolve("prometheus.yml");
        Files.writeString(config, """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - '%s'
            scrape_configs:
              - job_name: taskmaster
                static_configs:
                  - targets: ['%s', '%s', '%s']
            """.formatted(alertRules(), instance, deadInstance, orphanInstance));
        String listen = "127.0.0.1:" + Tools.freePort();
        api = "http://" + listen;
        Path log = prom.resolve("prometheus.log");
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + prom.resolve("data"),
                        "--web.listen-address=" + listen)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!prometheus.isAlive()) {
                fail("prometheus exited " + prometheus.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                return get("/-/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        // the first scrape of the daemon's exporter is in, so each test starts with series to query
        await().atMost(BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !query("taskmaster_supervisor_state{instance=\"" + instance + "\"}")
                        .isEmpty());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            Procs.kill(prometheus);
            Procs.kill(orphanExporter);
        } finally {
            if (daemon != null) {
                daemon.close();
            }
        }
    }

    @Test
    void promqlGivesEveryProcessStateAndRssAndFollowsAStop() throws Exception {
        String states = "taskmaster_process_state{instance=\"" + instance + "\"} == 1";
        String rss = "taskmaster_process_memory_rss_bytes{instance=\"" + instance + "\"}";
        awaitPrometheusAgrees(states, rss);
        print(states, rss);

        assertThat(map(JolokiaHttp.value(daemon.exec("taskmaster:type=Process,program=web,name=web_1", "stop"))))
                .containsEntry("ok", true);
        assertThat(daemonStates()).containsEntry("web_1", "STOPPED");
        awaitPrometheusAgrees(states, rss);
        assertThat(byProcess(
                        query("taskmaster_process_state{instance=\"" + instance + "\",process=\"web_1\"}"), "state"))
                .containsEntry("STOPPED", 1.0)
                .containsEntry("RUNNING", 0.0);
        assertThat(byProcess(query(rss), "process")).containsEntry("web_1", 0.0);
        print(states, rss);
    }

    /**
     * Waits until Prometheus has every process of the daemon, with the daemon's own state as the
     * one 1-valued state series, and an RSS above 0 exactly for the RUNNING ones.
     */
    void awaitPrometheusAgrees(String states, String rss) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, String> daemonSays = daemonStates();
            Map<String, String> prometheusSays = new TreeMap<>();
            for (Map<String, Object> s : query(states)) {
                prometheusSays.put(label(s, "process"), label(s, "state"));
            }
            assertThat(prometheusSays).isEqualTo(daemonSays);
            Map<String, Double> memory = byProcess(query(rss), "process");
            assertThat(memory.keySet()).isEqualTo(daemonSays.keySet());
            daemonSays.forEach((process, state) -> {
                if (state.equals("RUNNING")) {
                    assertThat(memory.get(process)).as(process).isGreaterThan(0.0);
                } else {
                    assertThat(memory.get(process)).as(process).isZero();
                }
            });
        });
    }

    /**
     * The resource series are the beans' figures in base units (bytes and seconds as they are,
     * CpuPercent / 100, SampledAt's ms / 1000), read from one sample; every taskmaster series
     * ending in _total is a counter and every other one a gauge.
     */
    @Test
    void theResourceSeriesAreTheBeansFiguresInBaseUnits() throws Exception {
        String bean = "taskmaster:type=Process,program=talk,name=talk";
        String labels = "{process=\"talk\",program=\"talk\"}";
        List<String> attributes = List.of(
                "SampledAt",
                "CpuUserSeconds",
                "CpuSystemSeconds",
                "CpuPercent",
                "MemoryRss",
                "MemoryPss",
                "Threads",
                "OpenFiles",
                "IoReadBytes",
                "IoWriteBytes",
                "ProcessCount",
                "StdoutBytes",
                "StderrBytes");
        String metrics = "http://" + instance + "/metrics";
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, Object> before = readAll(bean, attributes);
            Map<String, Double> page = Tools.scrape(metrics);
            Map<String, Object> after = readAll(bean, attributes);
            double sampledAt = number(before.get("SampledAt"));
            assertThat(sampledAt).as("sampled").isPositive().isEqualTo(number(after.get("SampledAt")));
            assertThat(number(before.get("CpuPercent"))).as("two samples").isNotNegative();
            assertThat(page.get("taskmaster_process_sampled_time_seconds" + labels))
                    .isCloseTo(sampledAt / 1000, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(page.get("taskmaster_process_cpu_usage_ratio" + labels))
                    .isCloseTo(number(before.get("CpuPercent")) / 100, org.assertj.core.data.Offset.offset(1e-9));
            Map<String, String> same = Map.of(
                    "CpuUserSeconds", "taskmaster_process_cpu_user_seconds_total",
                    "CpuSystemSeconds", "taskmaster_process_cpu_system_seconds_total",
                    "MemoryRss", "taskmaster_process_memory_rss_bytes",
                    "MemoryPss", "taskmaster_process_memory_pss_bytes",
                    "Threads", "taskmaster_process_threads",
                    "OpenFiles", "taskmaster_process_open_fds",
                    "IoReadBytes", "taskmaster_process_io_read_bytes_total",
                    "IoWriteBytes", "taskmaster_process_io_write_bytes_total",
                    "ProcessCount", "taskmaster_process_processes");
            same.forEach((attribute, series) ->
                    assertThat(page.get(series + labels)).as(series).isEqualTo(number(before.get(attribute))));
            // the output counts grow between two samples: the page's lies between the two reads
            for (String stream : List.of("stdout", "stderr")) {
                String attribute = stream.equals("stdout") ? "StdoutBytes" : "StderrBytes";
                assertThat(page.get("taskmaster_process_output_bytes_total{process=\"talk\",program=\"talk\",stream=\""
                                + stream + "\"}"))
                        .as(stream)
                        .isPositive()
                        .isBetween(number(before.get(attribute)), number(after.get(attribute)));
            }
        });

        Map<String, String> types = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (taskmaster_\\w+) (\\w+)$").matcher(Tools.page(metrics));
        while (m.find()) {
            types.put(m.group(1), m.group(2));
        }
        assertThat(types)
                .isNotEmpty()
                .allSatisfy((name, type) ->
                        assertThat(type).as(name).isEqualTo(name.endsWith("_total") ? "counter" : "gauge"));
        System.out.println("exported taskmaster series: " + types);
    }

    Map<String, Object> readAll(String bean, List<String> attributes) {
        return map(JolokiaHttp.value(daemon.postOne(Map.of("type", "read", "mbean", bean, "attribute", attributes))));
    }

    static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        require(PROMTOOL);
        Process p = new ProcessBuilder(
                        PROMTOOL.toString(), "check", "rules", alertRules().toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("promtool check rules:\n" + out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void theAlertRulesEvaluateOverTheExportedSeriesAndFire() throws Exception {
        Set<String> names = alertNames();
        Map<String, String> queries = new TreeMap<>();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            queries.clear();
            for (Map<String, Object> group : maps(data(get("/api/v1/rules")).get("groups"))) {
                for (Map<String, Object> rule : maps(group.get("rules"))) {
                    // a rule Prometheus has evaluated without error has health "ok"
                    assertThat(rule.get("health")).as(rule.toString()).isEqualTo("ok");
                    queries.put((String) rule.get("name"), (String) rule.get("query"));
                }
            }
            assertThat(queries.keySet()).isEqualTo(names);
        });
        Set<String> exported = exportedNames();
        for (Map.Entry<String, String> e : queries.entrySet()) {
            query(e.getValue()); // fails unless the query succeeds
            assertThat(metricNames(e.getValue()))
                    .as(e.getKey() + ": " + e.getValue())
                    .isNotEmpty()
                    .allSatisfy(n -> assertThat(exported).as("exported").contains(n));
        }

        // crash is FATAL: its alert fires at once (for: 0m), named after the process; TaskmasterDown
        // is pending (for: 1m) where nothing listens (up == 0) and on the exporter without its
        // daemon (jmx_scrape_error 1), not on the daemon's. once exited and is wanted up, crash too
        // but has its FATAL alert, so only once is wanted but down; flaky is in BACKOFF and
        // restarts (its retries, 1, 2, 3, 4 s apart) more than 3 times, a whole number in the summary.
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> alerts = maps(data(get("/api/v1/alerts")).get("alerts"));
            assertThat(alerts)
                    .anySatisfy(a -> {
                        assertThat(map(a.get("labels")))
                                .containsEntry("alertname", "TaskmasterProcessFatal")
                                .containsEntry("process", "crash")
                                .containsEntry("program", "crash")
                                .containsEntry("instance", instance)
                                .containsEntry("severity", "critical");
                        assertThat(a.get("state")).isEqualTo("firing");
                        assertThat(map(a.get("annotations")))
                                .containsEntry("summary", "crash (crash) is FATAL on " + instance);
                    })
                    .anySatisfy(a -> {
                        assertThat(map(a.get("labels")))
                                .containsEntry("alertname", "TaskmasterDown")
                                .containsEntry("instance", deadInstance);
                        assertThat(a.get("state")).isIn("pending", "firing");
                    })
                    .anySatisfy(a -> {
                        assertThat(map(a.get("labels")))
                                .containsEntry("alertname", "TaskmasterDown")
                                .containsEntry("instance", orphanInstance);
                        assertThat(a.get("state")).isIn("pending", "firing");
                    })
                    .noneSatisfy(a -> assertThat(map(a.get("labels")))
                            .containsEntry("alertname", "TaskmasterDown")
                            .containsEntry("instance", instance));
            assertThat(alerting(alerts, "TaskmasterProcessWantedButDown")).containsExactly("once");
            assertThat(alerting(alerts, "TaskmasterProcessBackoff")).containsExactly("flaky");
            assertThat(alerting(alerts, "TaskmasterProcessRestartingOften")).containsExactly("flaky");
            assertThat(alerts)
                    .filteredOn(a -> map(a.get("labels")).get("alertname").equals("TaskmasterProcessRestartingOften"))
                    .allSatisfy(
                            a -> assertThat((String) map(a.get("annotations")).get("summary"))
                                    .matches("flaky \\(flaky\\) restarted ([4-9]|\\d\\d+) times in 15 minutes on .*"));
            StringBuilder b = new StringBuilder("alerts:\n");
            for (Map<String, Object> a : alerts) {
                Map<String, Object> labels = map(a.get("labels"));
                b.append("  ")
                        .append(labels.get("alertname"))
                        .append(' ')
                        .append(a.get("state"))
                        .append(' ')
                        .append(labels.get("process") == null ? "" : labels.get("process") + " ")
                        .append(labels.get("instance"))
                        .append(": ")
                        .append(map(a.get("annotations")).get("summary"))
                        .append('\n');
            }
            System.out.print(b);
        });
    }

    /** The processes an alert is pending or firing for. */
    static Set<String> alerting(List<Map<String, Object>> alerts, String name) {
        Set<String> processes = new TreeSet<>();
        for (Map<String, Object> a : alerts) {
            Map<String, Object> labels = map(a.get("labels"));
            if (labels.get("alertname").equals(name)) {
                processes.add((String) labels.get("process"));
            }
        }
        return processes;
    }

    @Test
    void everyDashboardQueryIsValidPromqlThatShowsTheExportedSeries() throws Exception {
        Map<String, Object> dashboard = dashboard();
        Map<String, String> values = new LinkedHashMap<>(GRAFANA_BUILTINS);
        List<Map<String, Object>> variables =
                maps(map(dashboard.get("templating")).get("list"));
        for (Map<String, Object> v : variables) {
            values.put((String) v.get("name"), ".*"); // "All"
        }
        Set<String> exported = exportedNames();

        // each query variable is label_values(selector, label): the selector has series with that label
        Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
        Map<String, Set<String>> choices = new TreeMap<>();
        for (Map<String, Object> v : variables) {
            Matcher m = labelValues.matcher((String) v.get("definition"));
            assertThat(m.matches()).as(v.get("definition").toString()).isTrue();
            String selector = substitute(m.group(1), values);
            String label = m.group(2);
            assertThat(metricNames(selector))
                    .allSatisfy(n -> assertThat(exported).contains(n));
            Set<String> found = new TreeSet<>();
            for (Map<String, Object> s : query("count by (" + label + ") (" + selector + ")")) {
                found.add(label(s, label));
            }
            choices.put((String) v.get("name"), found);
        }
        assertThat(choices.get("program")).containsExactly("crash", "flaky", "idle", "once", "talk", "web");
        assertThat(choices.get("process")).containsExactly("crash", "flaky", "idle", "once", "talk", "web_0", "web_1");
        assertThat(choices.get("instance")).containsExactly(instance);

        Map<String, String> exprs = new LinkedHashMap<>();
        for (Map<String, Object> panel : panels(dashboard)) {
            if (panel.get("type").equals("row")) {
                continue;
            }
            for (Map<String, Object> t : maps(panel.get("targets"))) {
                exprs.put(panel.get("title") + " " + t.get("refId"), (String) t.get("expr"));
            }
        }
        Set<String> used = new TreeSet<>();
        // every panel shows something: rates need two samples of their window, hence the wait
        await().atMost(BOUND).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Map.Entry<String, String> e : exprs.entrySet()) {
                String promql = substitute(e.getValue(), values);
                assertThat(query(promql)).as(e.getKey() + ": " + promql).isNotEmpty();
            }
        });
        for (Map.Entry<String, String> e : exprs.entrySet()) {
            Set<String> names = metricNames(e.getValue());
            assertThat(names)
                    .as(e.getKey())
                    .isNotEmpty()
                    .allSatisfy(n -> assertThat(exported).as(e.getKey()).contains(n));
            used.addAll(names);
        }
        assertThat(used)
                .as("the dashboard's panels")
                .contains(
                        "taskmaster_process_state",
                        "taskmaster_process_up",
                        "taskmaster_process_restarts_total",
                        "taskmaster_process_cpu_user_seconds_total",
                        "taskmaster_process_cpu_system_seconds_total",
                        "taskmaster_process_memory_rss_bytes",
                        "taskmaster_process_memory_pss_bytes",
                        "taskmaster_process_threads",
                        "taskmaster_process_open_fds",
                        "taskmaster_process_output_bytes_total",
                        "taskmaster_process_health",
                        "taskmaster_daemon_cpu_seconds_total",
                        "taskmaster_daemon_memory_rss_bytes",
                        "taskmaster_daemon_threads");
        System.out.println("dashboard: " + exprs.size() + " queries over " + used);

        // the "States" timeline turns the one series at 1 into a number its value mapping names:
        // through both, each process reads as the state the daemon gives it
        Map<String, Object> timeline = panels(dashboard).stream()
                .filter(p -> p.get("title").equals("States"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> names =
                map(maps(map(map(timeline.get("fieldConfig")).get("defaults")).get("mappings"))
                        .getFirst()
                        .get("options"));
        String promql =
                substitute((String) maps(timeline.get("targets")).getFirst().get("expr"), values);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, String> shown = new TreeMap<>();
            for (Map<String, Object> s : query(promql)) {
                Object name = map(names.get(String.valueOf((long) value(s)))).get("text");
                shown.put(label(s, "process"), (String) name);
            }
            assertThat(shown).isEqualTo(daemonStates());
        });
    }

    /**
     * The PromQL the README's Prometheus sections show in code spans (those with an operator or a
     * function call) is valid against the real series, and reads only exported metrics.
     */
    @Test
    void theReadmesPromqlIsValid() throws Exception {
        String readme = Files.readString(Tools.conf("").getParent().resolve("README.md"));
        int from = readme.indexOf("\n### Prometheus\n");
        int to = readme.indexOf("\n### Many hosts\n");
        assertThat(from).isPositive();
        assertThat(to).isGreaterThan(from);
        Set<String> exported = exportedNames();
        Set<String> checked = new TreeSet<>();
        Matcher m = Pattern.compile("`([^`\n]*taskmaster_\\w+[^`\n]*)`").matcher(readme.substring(from, to));
        while (m.find()) {
            String promql = m.group(1);
            if (!promql.matches(".*(==|>|\\w\\().*")) {
                continue; // a name or a name{labels} in the table, not a query
            }
            query(promql);
            assertThat(metricNames(promql))
                    .as(promql)
                    .isNotEmpty()
                    .allSatisfy(n -> assertThat(exported).as(promql).contains(n));
            checked.add(promql);
        }
        System.out.println("README PromQL checked: " + checked);
        assertThat(checked).hasSizeGreaterThan(3);
    }

    /** What Grafana's import (Dashboards > Import, or POST /api/dashboards/import) reads. */
    @Test
    void theDashboardHasWhatGrafanasImportNeeds() throws Exception {
        Map<String, Object> d = dashboard();
        assertThat(maps(d.get("__inputs")))
                .singleElement()
                .satisfies(i -> assertThat(i)
                        .containsEntry("name", "DS_PROMETHEUS")
                        .containsEntry("type", "datasource")
                        .containsEntry("pluginId", "prometheus"));
        assertThat(maps(d.get("__requires")))
                .anySatisfy(r -> assertThat(r).containsEntry("id", "grafana"))
                .anySatisfy(r -> assertThat(r).containsEntry("id", "prometheus"));
        assertThat(d.get("title")).isEqualTo("Taskmaster");
        assertThat((String) d.get("uid")).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(((Number) d.get("schemaVersion")).intValue()).isBetween(36, 41);
        assertThat(d).containsKeys("time", "templating", "version");
        assertThat(d.get("id")).isNull(); // a new dashboard on import, not an overwrite of id N

        Set<Long> ids = new LinkedHashSet<>();
        Set<String> panelTypes = new TreeSet<>();
        for (Map<String, Object> p : panels(d)) {
            assertThat(ids.add(((Number) p.get("id")).longValue()))
                    .as("unique id " + p.get("id"))
                    .isTrue();
            assertThat(map(p.get("gridPos"))).containsKeys("h", "w", "x", "y");
            assertThat((String) p.get("title")).isNotBlank();
            panelTypes.add((String) p.get("type"));
            if (p.get("type").equals("row")) {
                continue;
            }
            assertThat(map(p.get("datasource"))).containsEntry("uid", "${DS_PROMETHEUS}");
            assertThat(maps(p.get("targets"))).isNotEmpty().allSatisfy(t -> {
                assertThat(t).containsKeys("refId", "expr");
                assertThat(map(t.get("datasource"))).containsEntry("uid", "${DS_PROMETHEUS}");
            });
        }
        // every panel type it uses is declared, so that the import says which plugin is missing
        Set<String> declared = new TreeSet<>();
        for (Map<String, Object> r : maps(d.get("__requires"))) {
            if ("panel".equals(r.get("type"))) {
                declared.add((String) r.get("id"));
            }
        }
        panelTypes.remove("row");
        assertThat(declared).isEqualTo(panelTypes);
        List<Map<String, Object>> variables = maps(map(d.get("templating")).get("list"));
        assertThat(variables).extracting(v -> v.get("name")).contains("program", "process");
        for (Map<String, Object> v : variables) {
            assertThat(v).containsEntry("type", "query");
            assertThat(map(v.get("datasource"))).containsEntry("uid", "${DS_PROMETHEUS}");
            assertThat((String) v.get("definition")).startsWith("label_values(");
            assertThat(map(v.get("query"))).containsEntry("query", v.get("definition"));
        }
    }

    // ---- the shipped files ----

    static Path alertRules() {
        return Tools.conf("prometheus/alerts.yml");
    }

    static Set<String> alertNames() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)\\s*$").matcher(Files.readString(alertRules()));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("alerts in " + alertRules()).isNotEmpty();
        return names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dashboard() throws IOException {
        Path file = Tools.conf("grafana/taskmaster-dashboard.json");
        return (Map<String, Object>) JolokiaHttp.parse(Files.readString(file));
    }

    /** The dashboard's panels, those inside collapsed rows included. */
    static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> p : maps(dashboard.get("panels"))) {
            out.add(p);
            if (p.get("panels") != null) {
                out.addAll(maps(p.get("panels")));
            }
        }
        return out;
    }

    /** Grafana's {@code $name}, {@code ${name}} and {@code ${name:format}} replaced by their values. */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)").matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            assertThat(values).as("variable $" + name + " in " + expr).containsKey(name);
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(name)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    /**
     * The metric names a PromQL expression reads: its identifiers once the strings, label
     * matchers, ranges and grouping clauses are out, but function calls and keywords.
     */
    static Set<String> metricNames(String expr) {
        String e = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)(\\s*\\()?").matcher(e);
        while (m.find()) {
            if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    // ---- Prometheus' HTTP API ----

    static void require(Path tool) {
        if (!Files.isExecutable(tool)) {
            if (System.getenv("CI") != null) {
                fail(tool + " is missing, and CI is set: .ci/run must install it (apt-get install prometheus)");
            }
            Assumptions.abort(tool + " is not installed (apt-get install prometheus); skipped on this machine");
        }
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(api + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's {@code data}, after checking that the call succeeded. */
    static Map<String, Object> data(HttpResponse<String> r) {
        Map<String, Object> answer = map(JolokiaHttp.parse(r.body()));
        assertThat(answer.get("status")).as(r.body()).isEqualTo("success");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return map(answer.get("data"));
    }

    /** An instant query's vector: each sample's {@code metric} (labels) and {@code value}. */
    static List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
        Map<String, Object> data =
                data(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        assertThat(data.get("resultType")).as(promql).isEqualTo("vector");
        return maps(data.get("result"));
    }

    /** The metric names Prometheus has stored from the daemon's exporter. */
    static Set<String> exportedNames() throws IOException, InterruptedException {
        String match = URLEncoder.encode("{instance=\"" + instance + "\"}", StandardCharsets.UTF_8);
        Map<String, Object> answer = map(JolokiaHttp.parse(
                get("/api/v1/label/__name__/values?match[]=" + match).body()));
        Set<String> names = new TreeSet<>();
        for (Object n : list(answer.get("data"))) {
            names.add((String) n);
        }
        assertThat(names).contains("up", "taskmaster_process_state");
        return names;
    }

    static String label(Map<String, Object> sample, String name) {
        return (String) map(sample.get("metric")).get(name);
    }

    static double value(Map<String, Object> sample) {
        return Double.parseDouble(list(sample.get("value")).get(1).toString());
    }

    /** label value to sample value. */
    static Map<String, Double> byProcess(List<Map<String, Object>> samples, String label) {
        Map<String, Double> out = new TreeMap<>();
        for (Map<String, Object> s : samples) {
            out.put(label(s, label), value(s));
        }
        return out;
    }

    /** Prints the query and its answer, one {@code labels value} line a sample, for the test log. */
    static void print(String... promql) throws IOException, InterruptedException {
        for (String q : promql) {
            StringBuilder b = new StringBuilder("PromQL: " + q + "\n");
            for (Map<String, Object> s : query(q)) {
                Map<String, Object> labels = new TreeMap<>(map(s.get("metric")));
                b.append("  ")
                        .append(labels)
                        .append(" ")
                        .append(list(s.get("value")).get(1))
                        .append('\n');
            }
            System.out.print(b);
        }
    }

    static Map<String, String> daemonStates() {
        Map<String, String> states = new TreeMap<>();
        for (Map<String, Object> p : maps(daemon.read("taskmaster:type=Supervisor", "Processes"))) {
            states.put((String) p.get("name"), (String) p.get("state"));
        }
        return states;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
