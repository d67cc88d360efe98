package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.Query;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.ProgramMXBean;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.testing.TestDaemon;

/**
 * The RMI connector's allow-list, over real RMI connections to a real daemon: the same for every
 * user, readwrite ones included, and a login always, loopback included.
 */
class RmiAllowListTest {

    static final String PROGRAM = SecurityTest.PROGRAM;
    static final ObjectName DIAGNOSTIC = name("com.sun.management:type=DiagnosticCommand");
    static final ObjectName HOTSPOT = name("com.sun.management:type=HotSpotDiagnostic");
    static final ObjectName JFR = name("jdk.management.jfr:type=FlightRecorder");
    static final ObjectName MEMORY = name("java.lang:type=Memory");

    static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JMXConnector connect(String url, String user, String password) throws Exception {
        return JMXConnectorFactory.connect(
                new JMXServiceURL(url), Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    @Test
    void aReadwriteUserGetsTaskmasterAndJavaLangReadsAndNothingElse(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .jolokiaOff()
                .jmx("alice:a-pw:readwrite")
                .programs(PROGRAM)
                .start()) {
            String url = d.awaitLog("jmx: serving (service:jmx:\\S+)");
            try (JMXConnector alice = connect(url, "alice", "a-pw")) {
                MBeanServerConnection c = alice.getMBeanServerConnection();

                // What must work: taskmaster's operations, reads of java.lang.
                ProcessMXBean one = JMX.newMXBeanProxy(c, ObjectNames.process("one", "one"), ProcessMXBean.class);
                await().atMost(TestDaemon.BOUND).until(() -> one.getState() == ProcessState.RUNNING);
                SupervisorMXBean sup = JMX.newMXBeanProxy(c, ObjectNames.SUPERVISOR, SupervisorMXBean.class);
                assertThat(sup.stop("one"))
                        .singleElement()
                        .satisfies(r -> assertThat(r.ok()).isTrue());
                assertThat(one.start().ok()).isTrue();
                // The operator's intents: forget on the Supervisor bean, scale on the Program bean.
                assertThat(sup.forget("one"))
                        .singleElement()
                        .satisfies(r -> assertThat(r.message()).isEqualTo("forgotten"));
                ProgramMXBean program = JMX.newMXBeanProxy(c, ObjectNames.program("one"), ProgramMXBean.class);
                assertThat(program.scale(1))
                        .singleElement()
                        .satisfies(r -> assertThat(r.message()).isEqualTo("already 1 process"));
                assertThat(((CompositeData) c.getAttribute(MEMORY, "HeapMemoryUsage")).get("used"))
                        .isNotNull();
                assertThat((Long) c.getAttribute(name("java.lang:type=Runtime"), "Uptime"))
                        .isPositive();
                assertThat(c.getAttribute(name("java.lang:type=Threading"), "ThreadCount"))
                        .isNotNull();

                // What nobody gets, a readwrite user included.
                Path heap = dir.resolve("heap.hprof");
                assertThatThrownBy(
                                () -> c.invoke(HOTSPOT, "dumpHeap", new Object[] {heap.toString(), true}, new String[] {
                                    "java.lang.String", "boolean"
                                }))
                        .isInstanceOf(SecurityException.class)
                        .hasMessageContaining("Access denied");
                assertThat(heap).doesNotExist();
                assertThatThrownBy(() -> c.invoke(DIAGNOSTIC, "vmSystemProperties", new Object[0], new String[0]))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.invoke(
                                DIAGNOSTIC, "gcHeapDump", new Object[] {new String[] {heap.toString()}}, new String[] {
                                    String[].class.getName()
                                }))
                        .isInstanceOf(SecurityException.class);
                assertThat(heap).doesNotExist();
                assertThatThrownBy(() -> c.invoke(JFR, "newRecording", new Object[0], new String[0]))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.getAttribute(JFR, "Recordings")).isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.createMBean("javax.management.timer.Timer", name("evil:type=Timer")))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.unregisterMBean(ObjectNames.SUPERVISOR))
                        .isInstanceOf(SecurityException.class);
                assertThat(sup.getPid()).isEqualTo(d.process.pid());
                assertThatThrownBy(() -> c.setAttribute(MEMORY, new Attribute("Verbose", true)))
                        .isInstanceOf(SecurityException.class);
                assertThat(c.getAttribute(MEMORY, "Verbose")).isEqualTo(false);
                assertThatThrownBy(() -> c.invoke(MEMORY, "gc", new Object[0], new String[0]))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.getAttribute(name("java.lang:type=ClassLoading"), "LoadedClassCount"))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.addNotificationListener(DIAGNOSTIC, (n, h) -> {}, null, null))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.getMBeanInfo(HOTSPOT)).isInstanceOf(SecurityException.class);

                // Queries list allowed beans only, and cannot probe the others.
                Set<ObjectName> all = c.queryNames(null, null);
                assertThat(all)
                        .contains(ObjectNames.SUPERVISOR, ObjectNames.process("one", "one"), MEMORY)
                        .doesNotContain(DIAGNOSTIC, HOTSPOT, JFR, name("java.lang:type=ClassLoading"))
                        .allSatisfy(n -> assertThat(n.getDomain()).isIn("taskmaster", "java.lang", "JMImplementation"));
                assertThat(c.queryNames(name("com.sun.management:*"), null)).isEmpty();
                assertThat(c.queryNames(
                                null, Query.isInstanceOf(Query.value("com.sun.management.DiagnosticCommandMBean"))))
                        .isEmpty();
                assertThat(c.isRegistered(HOTSPOT)).isFalse();
                assertThat(c.getMBeanCount()).isEqualTo(all.size());
                assertThat(c.getDomains()).containsOnly("taskmaster", "java.lang", "JMImplementation");

                // getMBeanInfo of an allowed bean shows what may be done with it.
                MBeanInfo memory = c.getMBeanInfo(MEMORY);
                assertThat(memory.getOperations())
                        .extracting(MBeanOperationInfo::getName)
                        .doesNotContain("gc");
                assertThat(memory.getAttributes())
                        .extracting(MBeanAttributeInfo::getName)
                        .contains("Verbose");
                assertThat(memory.getAttributes()).noneMatch(MBeanAttributeInfo::isWritable);
                assertThat(c.getMBeanInfo(ObjectNames.SUPERVISOR).getOperations())
                        .extracting(MBeanOperationInfo::getName)
                        .contains("stop", "start", "reload", "addProcessGroup", "removeProcessGroup");
            }
        }
    }

    @Test
    void notificationsOfAllowedBeansArrive(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .jolokiaOff()
                .jmx("alice:a-pw:readwrite")
                .programs(PROGRAM)
                .start()) {
            String url = d.awaitLog("jmx: serving (service:jmx:\\S+)");
            try (JMXConnector alice = connect(url, "alice", "a-pw")) {
                MBeanServerConnection c = alice.getMBeanServerConnection();
                ProcessMXBean one = JMX.newMXBeanProxy(c, ObjectNames.process("one", "one"), ProcessMXBean.class);
                await().atMost(TestDaemon.BOUND).until(() -> one.getState() == ProcessState.RUNNING);
                BlockingQueue<Notification> heard = new LinkedBlockingQueue<>();
                c.addNotificationListener(ObjectNames.SUPERVISOR, (n, h) -> heard.add(n), null, null);
                assertThat(one.stop().ok()).isTrue();
                assertThat(heard.poll(TestDaemon.BOUND.toSeconds(), TimeUnit.SECONDS))
                        .isNotNull();
            }
        }
    }

    @Test
    void withoutJmxUsersTheGeneratedCredentialIsRequiredEvenOnLoopback(@TempDir Path dir) throws Exception {
        try (TestDaemon d =
                TestDaemon.in(dir).jolokiaOff().jmx("").programs(PROGRAM).start()) {
            String url = d.awaitLog("jmx: serving (service:jmx:\\S+)");
            Path secretFile = dir.resolve("tm.pid.secret");
            assertThat(d.log()).contains("user taskmaster (readwrite), password in " + secretFile);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)))
                    .isEqualTo("rw-------");
            String[] secret = Files.readString(secretFile).strip().split(":", 2);
            assertThat(secret[0]).isEqualTo("taskmaster");
            assertThatThrownBy(() ->
                            JMXConnectorFactory.connect(new JMXServiceURL(url)).close())
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> connect(url, "taskmaster", "guess").close())
                    .isInstanceOf(SecurityException.class);
            try (JMXConnector c = connect(url, secret[0], secret[1])) {
                MBeanServerConnection s = c.getMBeanServerConnection();
                assertThat(s.getAttribute(ObjectNames.SUPERVISOR, "Pid")).isEqualTo(d.process.pid());
                assertThatThrownBy(() -> s.invoke(DIAGNOSTIC, "vmVersion", new Object[0], new String[0]))
                        .isInstanceOf(SecurityException.class);
            }
            assertThat(d.log() + d.console()).doesNotContain(secret[1]);
        }
    }

    @Test
    void aNetworkAddressWithoutTlsIsRefusedUnlessPlaintextIsAccepted(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(Files.createDirectory(dir.resolve("a")))
                .jolokiaOff()
                .jmx("alice:a-pw:readwrite")
                .keys("jmx_host = 0.0.0.0")
                .programs(PROGRAM)
                .start()) {
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.console())
                    .contains("jmx_host = 0.0.0.0 is not a loopback address and the JMX connector has no TLS")
                    .contains("jmx_plaintext = true");
            assertThat(d.children()).isEmpty();
        }
        Path b = Files.createDirectory(dir.resolve("b"));
        try (TestDaemon d = TestDaemon.in(b)
                .jolokiaOff()
                .jmx("alice:a-pw:readwrite")
                .keys("jmx_host = 0.0.0.0\njmx_plaintext = true")
                .programs(PROGRAM)
                .start()) {
            String url = d.awaitLog("jmx: serving (service:jmx:\\S+)");
            assertThat(d.log()).contains("jmx: jmx_plaintext = true: the connector listens on 0.0.0.0 without TLS");
            try (JMXConnector alice = connect(url, "alice", "a-pw")) {
                assertThat(alice.getMBeanServerConnection().getAttribute(ObjectNames.SUPERVISOR, "Pid"))
                        .isEqualTo(d.process.pid());
            }
        }
    }
}
