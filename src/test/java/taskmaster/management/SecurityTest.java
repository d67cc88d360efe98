package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.testing.TestDaemon;

/** Credentials over HTTP and RMI, read-only users, and the refusal of unauthenticated network binds. */
class SecurityTest {

    static final String PROGRAM = "[one]\ncmd = sleep 100000\nstarttime = 0\n";

    @Test
    void jolokiaWithAUserAnswers401WithoutCredentialsAndNeverShowsThePassword(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_user = admin\njolokia_password = s3cr3t-pw")
                .programs(PROGRAM)
                .start()
                .awaitUrl()) {
            assertThat(d.send(HttpRequest.newBuilder(URI.create(d.url + "/version"))
                                    .GET())
                            .statusCode())
                    .isEqualTo(401);
            d.as("admin", "wrong");
            assertThat(d.send(HttpRequest.newBuilder(URI.create(d.url + "/version"))
                                    .GET())
                            .statusCode())
                    .isEqualTo(401);
            d.as("admin", "s3cr3t-pw");
            String version = d.send(HttpRequest.newBuilder(URI.create(d.url + "/version"))
                            .GET())
                    .body();
            assertThat(version).contains("\"status\":200").doesNotContain("s3cr3t-pw");
            String config = d.send(HttpRequest.newBuilder(URI.create(d.url + "/config"))
                            .GET())
                    .body();
            assertThat(config).doesNotContain("s3cr3t-pw");
            d.awaitState("taskmaster:type=Process,program=one,name=one", "RUNNING");
            assertThat(d.log() + d.console()).doesNotContain("s3cr3t-pw");
        }
    }

    @Test
    void rmiUsersReadAndOperateAndReadOnlyUsersCannotOperate(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .jolokiaOff()
                .jmx("alice:a-pw:readwrite,bob:b-pw:readonly")
                .programs(PROGRAM)
                .start()) {
            String url = d.awaitLog("jmx: serving (service:jmx:\\S+)");
            JMXServiceURL service = new JMXServiceURL(url);
            assertThatThrownBy(() -> JMXConnectorFactory.connect(service).close())
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> JMXConnectorFactory.connect(
                                    service, Map.of(JMXConnector.CREDENTIALS, new String[] {"alice", "nope"}))
                            .close())
                    .isInstanceOf(SecurityException.class);
            try (JMXConnector alice = JMXConnectorFactory.connect(
                    service, Map.of(JMXConnector.CREDENTIALS, new String[] {"alice", "a-pw"}))) {
                MBeanServerConnection c = alice.getMBeanServerConnection();
                ProcessMXBean one = JMX.newMXBeanProxy(c, ObjectNames.process("one", "one"), ProcessMXBean.class);
                await().atMost(TestDaemon.BOUND).until(() -> one.getState() == ProcessState.RUNNING);
                SupervisorMXBean sup = JMX.newMXBeanProxy(c, ObjectNames.SUPERVISOR, SupervisorMXBean.class);
                assertThat(sup.getPid()).isEqualTo(d.process.pid());
                assertThat(sup.stop("one"))
                        .singleElement()
                        .satisfies(r -> assertThat(r.ok()).isTrue());
                assertThat(one.getState()).isEqualTo(ProcessState.STOPPED);
                assertThat(one.start().ok()).isTrue();
                assertThatThrownBy(one::start).hasMessageStartingWith("ALREADY_STARTED: one: ");
            }
            try (JMXConnector bob = JMXConnectorFactory.connect(
                    service, Map.of(JMXConnector.CREDENTIALS, new String[] {"bob", "b-pw"}))) {
                MBeanServerConnection c = bob.getMBeanServerConnection();
                ProcessMXBean one = JMX.newMXBeanProxy(c, ObjectNames.process("one", "one"), ProcessMXBean.class);
                assertThat(one.getState()).isEqualTo(ProcessState.RUNNING);
                assertThat(c.getAttribute(ObjectNames.SUPERVISOR, "State")).isEqualTo("RUNNING");
                assertThatThrownBy(one::stop)
                        .isInstanceOf(SecurityException.class)
                        .hasMessageContaining("readwrite");
                assertThat(one.getState()).isEqualTo(ProcessState.RUNNING);
            }
        }
    }

    @Test
    void refusesToSendAPasswordOverTheNetworkInClear(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_host = 0.0.0.0")
                .programs(PROGRAM)
                .start()) {
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.console())
                    .contains("jolokia_host = 0.0.0.0 is not a loopback address")
                    .contains("refusing to send the password over the network in clear without jolokia_keystore");
            assertThat(d.children()).isEmpty();
        }
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_host = 0.0.0.0\n" + "jolokia_user = admin\njolokia_password = pw-1")
                .programs(PROGRAM)
                .start()) {
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.console()).contains("refusing to send the password over the network in clear");
            assertThat(d.children()).isEmpty();
        }
    }

    @Test
    void refusesTheJmxConnectorOnANetworkAddressWithoutUsers(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .jolokiaOff()
                .jmx("")
                .keys("jmx_host = 0.0.0.0")
                .programs(PROGRAM)
                .start()) {
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.console())
                    .contains("jmx_host = 0.0.0.0 is not a loopback address")
                    .contains("jmx_users");
            assertThat(d.children()).isEmpty();
        }
    }

    @Test
    void jolokiaServesHttpsWithTheConfiguredKeystore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("jolokia.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-keystore",
                        keystore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit",
                        "-alias",
                        "jolokia",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2")
                .redirectErrorStream(true)
                .start();
        String keytoolOut = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(keytoolOut).isZero();
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_keystore = jolokia.p12\n" + "jolokia_keystore_password = changeit")
                .programs(PROGRAM)
                .start()
                .awaitUrl()) {
            assertThat(d.url).startsWith("https://127.0.0.1:");
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            java.net.http.HttpClient https =
                    java.net.http.HttpClient.newBuilder().sslContext(tls).build();
            java.net.http.HttpResponse<String> version = https.send(
                    HttpRequest.newBuilder(URI.create(d.url + "/version"))
                            .header("Authorization", d.basicAuth())
                            .GET()
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(version.body()).contains("\"status\":200").doesNotContain("changeit");
            String plain = d.url.replace("https://", "http://");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(plain + "/version"))
                                            .timeout(java.time.Duration.ofSeconds(20))
                                            .GET()
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(d.log() + d.console()).doesNotContain("changeit");
        }
    }
}
