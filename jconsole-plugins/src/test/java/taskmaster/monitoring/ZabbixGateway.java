package taskmaster.monitoring;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Assumptions;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * Debian's Zabbix Java gateway ({@code zabbix-java-gateway}, 6.0), run by a test with its own
 * settings: it listens on loopback and a free port and logs to the console, into the test's folder.
 * The system properties are those its packaged start script passes, but {@code zabbix.pidFile}:
 * given one, the gateway "daemonizes", closing its stdin, stdout and stderr (the script writes the
 * pid itself), and its log would be lost.
 * {@link #query} speaks the protocol the Zabbix server speaks to it: a {@code ZBXD\1} header, the
 * payload's length as a little-endian 32-bit number and 4 reserved zero bytes, then a JSON request
 * naming the JMX endpoint, the credentials and the item keys; the answer, framed the same way, has
 * one {@code value} or {@code error} per key.
 */
final class ZabbixGateway implements AutoCloseable {

    static final Path JAR =
            Path.of(System.getProperty("taskmaster.zabbix.gateway", "/usr/sbin/zabbix-java-gateway.jar"));
    private static final byte[] HEADER = {'Z', 'B', 'X', 'D', 1};

    private final Process process;
    private final Path log;
    final int port;

    private ZabbixGateway(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The gateway's jar, or a failure in CI (which installs it) and a skip elsewhere. */
    static void assumeInstalled() {
        if (!Files.isRegularFile(JAR)) {
            if (System.getenv("CI") != null) {
                fail(JAR + " is missing, and CI is set: .ci/run must install it (apt-get install zabbix-java-gateway)");
            }
            Assumptions.abort(JAR + " is missing (apt-get install zabbix-java-gateway); skipped on this machine");
        }
    }

    /** Starts the gateway in {@code dir} and waits until it accepts connections. */
    static ZabbixGateway start(Path dir) throws IOException, InterruptedException {
        assumeInstalled();
        Path logback = dir.resolve("zabbix-gateway-logback.xml");
        Files.writeString(logback, """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <root level="info"><appender-ref ref="OUT"/></root>
            </configuration>
            """);
        int port = freeGatewayPort();
        Path log = dir.resolve("zabbix-gateway.out");
        // The jar's manifest names its libraries (org.json, logback, slf4j) under /usr/share/java.
        Process p = new ProcessBuilder(
                        Tools.java(),
                        "-Xmx64m",
                        "-Dzabbix.listenIP=127.0.0.1",
                        "-Dzabbix.listenPort=" + port,
                        "-Dzabbix.startPollers=2",
                        "-Dzabbix.timeout=10",
                        "-Dsun.rmi.transport.tcp.responseTimeout=10000",
                        "-Dlogback.configurationFile=" + logback,
                        "-jar",
                        JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ZabbixGateway g = new ZabbixGateway(p, log, port);
        try {
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError(
                                    "the Zabbix Java gateway exited " + p.exitValue() + ":\n" + g.log());
                        }
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            return true;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error e) {
            g.close();
            throw e;
        }
        return g;
    }

    /**
     * A free loopback port the gateway takes: it refuses a listenPort above 32767, and the kernel
     * hands out port 0's from 32768 up, so one is found by binding ports of 20000-32767 at random
     * (away from the packaged gateway's 10052). Closed before use, as {@link Tools#freePort}.
     */
    static int freeGatewayPort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20000 + random.nextInt(32768 - 20000);
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32767 on loopback after 100 tries");
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** One key's answer: its value, or the gateway's error (exactly one is not null). */
    record Answer(String key, String value, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** Asks the gateway for these keys of one JMX endpoint, as the Zabbix server does; answers in the keys' order. */
    List<Answer> query(String endpoint, String user, String password, List<String> keys) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("request", "java gateway jmx");
        request.put("jmx_endpoint", endpoint);
        request.put("username", user);
        request.put("password", password);
        request.put("keys", keys);
        JSONObject answer = (JSONObject) JolokiaHttp.parse(exchange(JolokiaHttp.json(request)));
        if (!"success".equals(answer.get("response"))) {
            throw new AssertionError("the gateway failed the whole request: " + answer + "\n" + log());
        }
        JSONArray data = (JSONArray) answer.get("data");
        if (data.size() != keys.size()) {
            throw new AssertionError(keys.size() + " keys asked, " + data.size() + " answers: " + answer);
        }
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            JSONObject d = (JSONObject) data.get(i);
            out.add(new Answer(keys.get(i), (String) d.get("value"), (String) d.get("error")));
        }
        return out;
    }

    /** One framed request and its framed answer, on a connection of its own (the gateway closes it after). */
    private String exchange(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(HEADER.length + 8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(HEADER).putInt(body.length).putInt(0).put(body);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) TestDaemon.BOUND.toMillis());
            s.getOutputStream().write(frame.array());
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(HEADER.length + 8);
            if (head.length < HEADER.length + 8 || head[0] != 'Z' || head[3] != 'D') {
                throw new IOException(
                        "not a ZBXD answer: " + new String(head, StandardCharsets.ISO_8859_1) + "\n" + log());
            }
            int length = ByteBuffer.wrap(head, HEADER.length, 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(in.readNBytes(length));
            if (bytes.size() != length) {
                throw new IOException("the answer was cut at " + bytes.size() + " of " + length + " bytes");
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        Procs.kill(process);
    }
}
