package taskmaster.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.monitoring.ZabbixGateway.Answer;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.TestDaemon;

/**
 * The shipped Zabbix template ({@code conf/zabbix/taskmaster_by_jmx.yaml}) and Debian's Zabbix
 * Java gateway 6.0 against a real daemon's RMI connector, with a read-only {@code jmx_users} user:
 * the gateway reads our attributes and discovers the Process beans as the daemon has them, and
 * every key of the template (discovery macros filled in as the gateway gave them) gets a value,
 * not an error, so a typo in the template fails the build. One daemon and one gateway for the
 * class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZabbixGatewayTest {

    static final String PROGRAMS = """
        [web]
        cmd = sleep 100000
        starttime = 0
        stoptime = 2
        [worker]
        cmd = sleep 100000
        numprocs = 2
        process_name = %(program_name)s_%(process_num)02d
        starttime = 0
        stoptime = 2
        [idle]
        cmd = sleep 100000
        autostart = false
        """;
    static final String MONITOR = "monitor";
    static final String MONITOR_PW = "monitor-pw";

    TestDaemon daemon;
    JMXConnector admin;
    SupervisorMXBean supervisor;
    ZabbixGateway gateway;
    String endpoint;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ZabbixGateway.assumeInstalled();
        daemon = TestDaemon.in(dir)
                .jolokiaOff()
                .jmx(MONITOR + ":" + MONITOR_PW + ":readonly,admin:a-pw:readwrite")
                .keys("sample_interval = 1")
                .jvm(List.of("-Xmx128m"))
                .programs(PROGRAMS)
                .start()
                .awaitJmx();
        admin = daemon.connect("admin", "a-pw");
        supervisor =
                JMX.newMXBeanProxy(admin.getMBeanServerConnection(), ObjectNames.SUPERVISOR, SupervisorMXBean.class);
        await().atMost(TestDaemon.BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> supervisor.getProcesses().stream()
                        .filter(p -> !p.name().equals("idle"))
                        .allMatch(p -> p.state() == ProcessState.RUNNING));
        // Two samples of every running process (a CPU % needs two), so the figures read are real ones.
        await().atMost(TestDaemon.BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> supervisor.getResources().stream()
                        .filter(r -> !r.name().equals("idle"))
                        .allMatch(r -> r.sampledAt() > 0 && r.memoryRss() > 0 && r.cpuPercent() >= 0));
        gateway = ZabbixGateway.start(dir);
        // What the template's jmx_endpoint becomes with the host's JMX interface on the daemon's port.
        endpoint = ZabbixTemplate.load()
                .items()
                .get(0)
                .get("jmx_endpoint")
                .toString()
                .replace("{HOST.CONN}", "127.0.0.1")
                .replace("{HOST.PORT}", daemon.hostPort.substring(daemon.hostPort.lastIndexOf(':') + 1));
        assertThat(endpoint).isEqualTo(daemon.serviceUrl);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            try {
                if (admin != null) {
                    admin.close();
                }
            } finally {
                if (daemon != null) {
                    daemon.close();
                }
            }
        }
    }

    List<Answer> ask(String... keys) throws Exception {
        return gateway.query(endpoint, MONITOR, MONITOR_PW, List.of(keys));
    }

    static String processKey(String program, String name, String attribute) {
        return "jmx[\"" + ObjectNames.processName(program, name) + "\"," + attribute + "]";
    }

    static String supervisorKey(String attribute) {
        return "jmx[\"" + ObjectNames.SUPERVISOR_NAME + "\"," + attribute + "]";
    }

    static List<String> values(List<Answer> answers) {
        assertThat(answers).as("the gateway's answers").allMatch(Answer::ok);
        return answers.stream().map(Answer::value).toList();
    }

    @Test
    void theGatewayReadsTheDaemonsOwnValuesAndFollowsAStop() throws Exception {
        ProcessInfo web = process("web");
        List<String> v = values(ask(
                supervisorKey("Version"),
                supervisorKey("State"),
                supervisorKey("Pid"),
                processKey("web", "web", "State"),
                processKey("web", "web", "Pid"),
                processKey("web", "web", "Restarts"),
                processKey("idle", "idle", "State"),
                processKey("idle", "idle", "Pid")));
        System.out.println("zabbix gateway, before the stop: " + v);
        assertThat(v)
                .containsExactly(
                        supervisor.getVersion(),
                        "RUNNING",
                        Long.toString(supervisor.getPid()),
                        "RUNNING",
                        Long.toString(web.pid()),
                        Integer.toString(web.restarts()),
                        "STOPPED",
                        "0");
        assertThat(web.pid()).isPositive();

        // The resource figures are the last sample's: read both ways within one sample (the same SampledAt).
        ProcessMXBean bean = JMX.newMXBeanProxy(
                admin.getMBeanServerConnection(), ObjectNames.process("web", "web"), ProcessMXBean.class);
        await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            long sampledAt = bean.getSampledAt();
            List<String> r = values(ask(
                    processKey("web", "web", "SampledAt"),
                    processKey("web", "web", "MemoryRss"),
                    processKey("web", "web", "CpuPercent"),
                    supervisorKey("MemoryRss"),
                    supervisorKey("DaemonMemoryRss")));
            List<String> direct = List.of(
                    Long.toString(sampledAt),
                    Long.toString(bean.getMemoryRss()),
                    Double.toString(bean.getCpuPercent()),
                    Long.toString(supervisor.getMemoryRss()),
                    Long.toString(supervisor.getDaemonMemoryRss()));
            assertThat(bean.getSampledAt()).isEqualTo(sampledAt);
            System.out.println("zabbix gateway, resources of web and the totals: " + r);
            assertThat(r).isEqualTo(direct);
        });
        assertThat(values(ask(processKey("web", "web", "MemoryRss"), supervisorKey("DaemonMemoryRss"))))
                .allMatch(x -> Long.parseLong(x) > 0, "a resident size");

        assertThat(supervisor.stop("web")).allMatch(r -> r.ok());
        try {
            List<String> after = values(ask(processKey("web", "web", "State"), processKey("web", "web", "Pid")));
            System.out.println("zabbix gateway, after the stop: " + after);
            assertThat(after).containsExactly("STOPPED", "0");
        } finally {
            assertThat(supervisor.start("web")).allMatch(r -> r.ok());
        }
        assertThat(values(ask(processKey("web", "web", "Pid"))))
                .containsExactly(Long.toString(process("web").pid()));
    }

    @Test
    void discoveryListsExactlyTheProcessBeansWithTheirProgramAndName() throws Exception {
        List<Map<String, String>> rows = discover("jmx.discovery[beans,\"taskmaster:type=Process,*\"]");
        Set<List<Object>> expected = supervisor.getProcesses().stream()
                .map(p -> List.<Object>of(p.program(), p.name(), ObjectNames.process(p.program(), p.name())))
                .collect(Collectors.toSet());
        Set<List<Object>> found = new HashSet<>();
        for (Map<String, String> r : rows) {
            // {#JMXOBJ} is the name as registered; ObjectName equality ignores the order of its keys
            found.add(List.of(r.get("{#JMXPROGRAM}"), r.get("{#JMXNAME}"), new ObjectName(r.get("{#JMXOBJ}"))));
        }
        System.out.println("zabbix gateway, discovery: " + rows);
        assertThat(rows).hasSize(expected.size()).allMatch(r -> "Process".equals(r.get("{#JMXTYPE}")));
        assertThat(found)
                .isEqualTo(expected)
                .contains(List.of("worker", "worker_01", ObjectNames.process("worker", "worker_01")));
    }

    @Test
    void everyKeyOfTheShippedTemplateGetsAValueForEveryDiscoveredProcess() throws Exception {
        ZabbixTemplate t = ZabbixTemplate.load();
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> item : t.items()) {
            keys.add(item.get("key").toString());
        }
        for (Map<String, Object> rule : t.discoveryRules()) {
            String discovery = rule.get("key").toString();
            List<Map<String, String>> rows = discover(discovery);
            assertThat(rows).as(discovery).hasSize(supervisor.getProcesses().size());
            for (Map<String, String> row : rows) {
                for (Map<String, Object> prototype : ZabbixTemplate.prototypes(rule)) {
                    String key = prototype.get("key").toString();
                    for (Map.Entry<String, String> macro : row.entrySet()) {
                        key = key.replace(macro.getKey(), macro.getValue());
                    }
                    assertThat(key)
                            .as("a macro left in " + prototype.get("key"))
                            .doesNotContain("{");
                    keys.add(key);
                }
            }
        }
        List<Answer> answers = gateway.query(endpoint, MONITOR, MONITOR_PW, keys);
        for (Answer a : answers) {
            System.out.println("zabbix gateway: " + a.key() + " = " + (a.ok() ? a.value() : "ERROR " + a.error()));
        }
        assertThat(answers.stream().filter(a -> !a.ok()).toList())
                .as("keys the gateway could not read")
                .isEmpty();
    }

    @Test
    void aKeyWithATypoOrABadPasswordIsAnErrorNotAValue() throws Exception {
        List<Answer> typo = ask(processKey("web", "web", "MemoryRSS"), supervisorKey("Version"));
        assertThat(typo.get(0).ok()).as(typo.toString()).isFalse();
        assertThat(typo.get(1).ok()).isTrue();
        List<Answer> denied = gateway.query(endpoint, MONITOR, "wrong", List.of(supervisorKey("Version")));
        assertThat(denied.get(0).ok()).as(denied.toString()).isFalse();
    }

    /**
     * What Zabbix 6.0's importer requires of the file, and what would make the template useless
     * once imported: the version, groups and template with uuids (unique, 32 hex digits), JMX items
     * that log in with the template's macros on the host's JMX interface, triggers naming only keys
     * of the template, and every user macro used defined with a default.
     */
    @Test
    void theTemplateIsAZabbix60ExportWhoseTriggersAndMacrosHoldTogether() throws Exception {
        ZabbixTemplate t = ZabbixTemplate.load();
        assertThat(t.export.get("version")).isEqualTo("6.0");
        assertThat(ZabbixTemplate.maps(t.export.get("groups")))
                .singleElement()
                .satisfies(g -> assertThat(g)
                        .containsEntry("name", "Templates/Applications")
                        .containsKey("uuid"));
        assertThat(t.template)
                .containsEntry("template", ZabbixTemplate.NAME)
                .containsEntry("name", ZabbixTemplate.NAME);
        List<String> uuids = t.uuids();
        assertThat(uuids).allMatch(u -> u.matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}"), "a UUID v4 in hex");
        assertThat(new HashSet<>(uuids)).hasSameSizeAs(uuids);

        List<Map<String, Object>> items = new ArrayList<>(t.items());
        List<Map<String, Object>> prototypes = new ArrayList<>();
        for (Map<String, Object> rule : t.discoveryRules()) {
            items.add(rule);
            prototypes.addAll(ZabbixTemplate.prototypes(rule));
        }
        items.addAll(prototypes);
        Set<String> itemKeys =
                t.items().stream().map(i -> i.get("key").toString()).collect(Collectors.toSet());
        Set<String> prototypeKeys =
                prototypes.stream().map(i -> i.get("key").toString()).collect(Collectors.toSet());
        Set<String> macrosUsed = new HashSet<>();
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> item : items) {
            assertThat(item)
                    .as(item.get("key").toString())
                    .containsEntry("type", "JMX")
                    .containsEntry("username", "{$TASKMASTER.JMX.USER}")
                    .containsEntry("password", "{$TASKMASTER.JMX.PASSWORD}")
                    .containsEntry("jmx_endpoint", "service:jmx:rmi:///jndi/rmi://{HOST.CONN}:{HOST.PORT}/jmxrmi");
            Set<String> sameScope = prototypes.contains(item) ? prototypeKeys : itemKeys;
            for (Map<String, Object> trigger : ZabbixTemplate.triggers(item)) {
                String expression = trigger.get("expression").toString();
                expressions.add(expression);
                List<String> referenced = ZabbixTemplate.keysIn(expression, ZabbixTemplate.NAME);
                assertThat(referenced)
                        .as(expression)
                        .isNotEmpty()
                        .allMatch(sameScope::contains)
                        .contains(item.get("key").toString());
                macrosUsed.addAll(ZabbixTemplate.macrosIn(expression));
                macrosUsed.addAll(ZabbixTemplate.macrosIn(trigger.get("name").toString()));
            }
        }
        assertThat(t.macroNames()).containsAll(macrosUsed).contains("TASKMASTER.JMX.USER", "TASKMASTER.JMX.PASSWORD");
        // the alerts the template promises
        for (String alert :
                List.of("\"FATAL\")", "\"BACKOFF\")", "Restarts])>0", "MemoryRss],5m)>{$TASKMASTER.RSS.MAX:")) {
            assertThat(expressions).as(alert).anyMatch(e -> e.contains(alert));
        }
    }

    List<Map<String, String>> discover(String key) throws Exception {
        List<String> v = values(ask(key));
        JSONObject lld = (JSONObject) JolokiaHttp.parse(v.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (Object o : (JSONArray) lld.get("data")) {
            Map<String, String> row = new LinkedHashMap<>();
            ((JSONObject) o).forEach((k, x) -> row.put(k, String.valueOf(x)));
            rows.add(row);
        }
        return rows;
    }

    ProcessInfo process(String name) {
        return supervisor.getProcesses().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
