package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing Jolokia lets the requests being served be answered first: the daemon's shutdown() closes
 * Jolokia right after the engine stopped, which can be before the reply to shutdown() was written.
 */
class JolokiaStopTest {

    /** An operation that waits until the test lets it return. */
    public interface SlowMBean {
        String slow() throws InterruptedException;
    }

    public static final class Slow implements SlowMBean {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String slow() throws InterruptedException {
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
            return "answered";
        }
    }

    final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    final ObjectName name = ObjectName.getInstance("taskmaster:type=JolokiaStopTest");

    JolokiaStopTest() throws javax.management.MalformedObjectNameException {}

    final JolokiaService jolokia = new JolokiaService();

    @AfterEach
    void close() throws Exception {
        jolokia.stop();
        if (mbeans.isRegistered(name)) {
            mbeans.unregisterMBean(name);
        }
    }

    @Test
    void aRequestInProgressIsAnsweredBeforeTheServerCloses() throws Exception {
        Slow slow = new Slow();
        mbeans.registerMBean(slow, name);
        String url = jolokia.start(
                ManagementSettings.from(
                        Map.of("jolokia_port", "0", "jolokia_user", "t", "jolokia_password", "stop-test")),
                null);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest exec = HttpRequest.newBuilder(URI.create(url))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("t:stop-test".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"exec\",\"mbean\":\"" + name + "\",\"operation\":\"slow\"}"))
                .build();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(exec, HttpResponse.BodyHandlers.ofString());
        assertThat(slow.entered.await(30, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(jolokia::stop);
        // The stop has begun once the port refuses connections (it used to close every one at once then).
        int port = URI.create(url).getPort();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> refuses(port));
        slow.release.countDown();
        HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"value\":\"answered\"").contains("\"status\":200");
        stopped.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(Duration.ofSeconds(JolokiaService.ANSWER_GRACE_SECONDS + 1));
    }

    private static boolean refuses(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void withNothingInProgressTheStopIsImmediate() throws Exception {
        jolokia.start(
                ManagementSettings.from(
                        Map.of("jolokia_port", "0", "jolokia_user", "t", "jolokia_password", "stop-test")),
                null);
        long start = System.nanoTime();
        jolokia.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
    }
}
