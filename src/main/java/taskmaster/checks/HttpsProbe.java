package taskmaster.checks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import taskmaster.engine.CheckResult;

/**
 * {@code https://…}: a GET answered 2xx, through the JDK's HTTP client, created with the first
 * such check (its selector thread and one worker thread, shared by every https check); HTTP/1.1,
 * redirects not followed. The server's certificate is not verified, as Kubernetes' HTTPS probes do
 * not verify it: the check asks whether the program answers, not who it is (it is usually on
 * 127.0.0.1, with a certificate made for its public name or self-signed).
 */
final class HttpsProbe implements AutoCloseable {
    private final ProbeLoop loop;
    private ExecutorService worker;
    private HttpClient client;

    HttpsProbe(ProbeLoop loop) {
        this.loop = loop;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            worker = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("taskmaster-https").daemon().factory());
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .sslContext(trustingAll())
                    .executor(worker)
                    .build();
        }
        return client;
    }

    CompletableFuture<CheckResult> probe(URI uri, long timeoutMillis) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(Duration.ofMillis(Math.max(1, timeoutMillis)))
                .header("User-Agent", "taskmaster-check")
                .build();
        CompletableFuture<HttpResponse<Void>> sent =
                client().sendAsync(request, HttpResponse.BodyHandlers.discarding());
        sent.whenComplete((response, error) -> result.complete(
                response != null ? judge(response.statusCode()) : CheckResult.failed(describe(error, timeoutMillis))));
        // The client's own timeout ends at the answer's head: this one bounds the whole check.
        if (!loop.execute(() -> loop.schedule(timeoutMillis, () -> {
            if (result.complete(CheckResult.failed(Probes.timedOut(timeoutMillis)))) {
                sent.cancel(true);
            }
        }))) {
            result.complete(CheckResult.failed("the checks are closed"));
        }
        return result;
    }

    static CheckResult judge(int code) {
        return code >= 200 && code < 300 ? CheckResult.ok("HTTP " + code) : CheckResult.failed("HTTP " + code);
    }

    private static String describe(Throwable error, long timeoutMillis) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return switch (e) {
            case HttpTimeoutException t -> Probes.timedOut(timeoutMillis);
            case ConnectException c -> "connection refused";
            case SSLException s -> "TLS: " + s.getMessage();
            case IOException io -> io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
            default -> String.valueOf(e);
        };
    }

    private static SSLContext trustingAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("can't set up TLS for https checks: " + e.getMessage(), e);
        }
    }

    /** Accepts any server: neither the chain nor the host name is checked (see the class comment). */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.shutdownNow();
            worker.shutdownNow();
        }
    }
}
