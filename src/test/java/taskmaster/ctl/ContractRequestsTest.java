package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.SupervisorMXBean;

/**
 * Every request taskmasterctl's commands send names a bean, an attribute and an operation (with
 * its number of arguments) that the contract's MXBean interfaces declare: taskmasterctl spells
 * them in JSON, so a rename on either side would otherwise only show against a real daemon.
 */
class ContractRequestsTest {

    private static final String STORE = "jolokia:type=NotificationStore,agent=taskmaster";

    private FakeJolokia fake;

    @AfterEach
    void close() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void everyCommandAsksOnlyForWhatTheBeansDeclare() throws Exception {
        fake = new FakeJolokia(ContractRequestsTest::answer);
        List<List<String>> commands = List.of(
                List.of("status"),
                List.of("status", "web"),
                List.of("pid"),
                List.of("pid", "web"),
                List.of("version"),
                List.of("start", "web"),
                List.of("stop", "web"),
                List.of("stop", "--with-dependents", "web"),
                List.of("restart", "web"),
                List.of("restart", "--rolling", "web"),
                List.of("signal", "HUP", "web"),
                List.of("avail"),
                List.of("reread"),
                List.of("update"),
                List.of("update", "web"),
                List.of("reload"),
                List.of("add", "web"),
                List.of("remove", "web"),
                List.of("list"),
                List.of("shutdown"),
                List.of("tail", "web"),
                List.of("tail", "web", "stderr"),
                List.of("maintail"),
                List.of("fg", "web"),
                List.of("rotate", "web"),
                List.of("clear", "web"),
                List.of("events", "--count", "1"),
                List.of("top"));
        TreeSet<String> checked = new TreeSet<>();
        for (List<String> command : commands) {
            int before = fake.requests.size();
            Run.at(fake.url(), command.toArray(String[]::new));
            List<Map<String, Object>> sent = new ArrayList<>(fake.requests.subList(before, fake.requests.size()));
            assertThat(sent).as("requests of %s", command).isNotEmpty();
            for (Map<String, Object> r : sent) {
                check(r, command).ifPresent(checked::add);
            }
        }
        assertThat(checked)
                .contains(
                        "Supervisor.Processes",
                        "Supervisor.Pid",
                        "Supervisor.Version",
                        "Supervisor.Programs",
                        "Supervisor.start/1",
                        "Supervisor.signal/2",
                        "Supervisor.update/1",
                        "Supervisor.addProcessGroup/1",
                        "Supervisor.removeProcessGroup/1",
                        "Supervisor.restart/1",
                        "Supervisor.restartRolling/1",
                        "Supervisor.stopWithDependents/1",
                        "Supervisor.ConfigFile",
                        "Supervisor.readLog/2",
                        "Supervisor.shutdown/0",
                        "Supervisor.clearLogs/1",
                        "Supervisor.rotate/1",
                        "Process.State",
                        "Process.tailStdout/1",
                        "Process.tailStderr/1",
                        "Process.readStdout/2",
                        "Process.sendStdin/1",
                        "Supervisor (notifications)",
                        "Supervisor." + String.join("+", TopSnapshot.ATTRIBUTES));
    }

    /** What the request names in the contract, checked; empty for Jolokia's own requests. */
    private static Optional<String> check(Map<String, Object> r, List<String> command) throws Exception {
        if (!(r.get("mbean") instanceof String mbean) || mbean.equals(STORE)) {
            return Optional.empty();
        }
        ObjectName name = new ObjectName(mbean);
        String bean;
        Set<String> members;
        if (name.equals(ObjectNames.SUPERVISOR)) {
            bean = "Supervisor";
            members = members(SupervisorMXBean.class);
        } else {
            assertThat(ObjectNames.ALL_PROCESSES.apply(name))
                    .as("%s of %s", mbean, command)
                    .isTrue();
            assertThat(name).isEqualTo(ObjectNames.process("web", "web"));
            bean = "Process";
            members = members(ProcessMXBean.class);
        }
        if (r.get("attribute") instanceof List<?> several) {
            List<String> names = several.stream().map(String::valueOf).toList();
            assertThat(members).as("what %s reads of %s", command, bean).containsAll(names);
            return Optional.of(bean + "." + String.join("+", names));
        }
        String member = switch (String.valueOf(r.get("type"))) {
            case "read" -> String.valueOf(r.get("attribute"));
            case "exec" -> r.get("operation") + "/" + ((List<?>) r.get("arguments")).size();
            case "notification" -> {
                // the type of the notifications the daemon sends on a state change
                assertThat(r.get("filter")).isEqualTo(List.of(AttributeChangeNotification.ATTRIBUTE_CHANGE));
                yield null;
            }
            default -> throw new AssertionError("unexpected request " + r + " of " + command);
        };
        if (member == null) {
            return Optional.of(bean + " (notifications)");
        }
        assertThat(members).as("what %s asks of %s", command, bean).contains(member);
        return Optional.of(bean + "." + member);
    }

    /**
     * The readable attributes and the operations ({@code name/arity}) the JMX runtime derives from
     * an MXBean interface, as the daemon's beans expose them.
     */
    private static <T> Set<String> members(Class<T> type) throws Exception {
        T none = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            throw new UnsupportedOperationException(m.getName());
        }));
        MBeanInfo info = new StandardMBean(none, type, true).getMBeanInfo();
        Set<String> out = new TreeSet<>();
        for (MBeanAttributeInfo a : info.getAttributes()) {
            if (a.isReadable()) {
                out.add(a.getName());
            }
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            out.add(o.getName() + "/" + o.getSignature().length);
        }
        return out;
    }

    private static Map<String, Object> answer(Map<String, Object> r) {
        String type = String.valueOf(r.get("type"));
        String mbean = String.valueOf(r.get("mbean"));
        if (type.equals("notification")) {
            return FakeJolokia.ok(
                    switch (String.valueOf(r.get("command"))) {
                        case "register" ->
                            JolokiaClient.map("id", "c1", "backend", Map.of("pull", Map.of("store", STORE)));
                        case "add" -> "h1";
                        default -> null;
                    });
        }
        if (mbean.equals(STORE)) {
            return FakeJolokia.ok(JolokiaClient.map(
                    "dropped",
                    0,
                    "notifications",
                    List.of(JolokiaClient.map(
                            "timeStamp",
                            0,
                            "userData",
                            JolokiaClient.map(
                                    "process",
                                    "web",
                                    "oldState",
                                    "STARTING",
                                    "newState",
                                    "RUNNING",
                                    "pid",
                                    42,
                                    "exitStatus",
                                    -1,
                                    "time",
                                    0)))));
        }
        if (type.equals("read")) {
            return FakeJolokia.ok(
                    switch (String.valueOf(r.get("attribute"))) {
                        case "Processes" -> List.of(FakeJolokia.proc("web", "RUNNING", 42, "pid 42, uptime 0:00:05"));
                        case "Programs" ->
                            List.of(JolokiaClient.map(
                                    "name",
                                    "web",
                                    "group",
                                    "web",
                                    "numprocs",
                                    1,
                                    "running",
                                    1,
                                    "priority",
                                    999,
                                    "autostart",
                                    true,
                                    "state",
                                    "RUNNING"));
                        case "State" -> "RUNNING";
                        case "Version" -> "0.1.0";
                        default -> 4242;
                    });
        }
        return FakeJolokia.ok(
                switch (String.valueOf(r.get("operation"))) {
                    case "start",
                            "stop",
                            "stopWithDependents",
                            "restart",
                            "restartRolling",
                            "signal",
                            "rotate",
                            "clearLogs" -> List.of(FakeJolokia.result("web", true, "", "done"));
                    case "reread", "reload", "update" ->
                        JolokiaClient.map(
                                "added",
                                List.of("extra"),
                                "changed",
                                List.of("web"),
                                "removed",
                                List.of(),
                                "restarted",
                                List.of(),
                                "errors",
                                List.of());
                    case "sendStdin" -> 0;
                    case "shutdown" -> null;
                    default -> JolokiaClient.map("text", "", "offset", 0, "nextOffset", 0, "size", 0, "fileId", 1);
                });
    }
}
