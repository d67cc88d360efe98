package taskmaster.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jolokia.json.JSONObject;
import taskmaster.testing.JolokiaHttp;

/**
 * A client of the Chrome DevTools Protocol for one page, over the JDK's WebSocket: a call sends
 * {@code {"id":N,"method":...,"params":...}} and waits for the answer with that id; the page's
 * console and log lines are kept for a failure's report.
 */
final class Cdp implements AutoCloseable {

    static final Duration CALL = Duration.ofSeconds(60);

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JSONObject>> pending = new ConcurrentHashMap<>();
    private final List<String> console = new ArrayList<>();
    private final WebSocket socket;

    private Cdp(URI page) {
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(page, new Listener())
                .join();
    }

    /** Connects to a page's {@code webSocketDebuggerUrl}; its console and log are recorded from then on. */
    static Cdp open(URI page) {
        Cdp cdp = new Cdp(page);
        cdp.call("Runtime.enable", Map.of());
        cdp.call("Log.enable", Map.of());
        cdp.call("Page.enable", Map.of());
        // a headless tab has no focus of its own: without it typed text goes nowhere
        cdp.call("Page.bringToFront", Map.of());
        cdp.call("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        return cdp;
    }

    /** The method's result; an AssertionError when Chromium answers an error or nothing within a minute. */
    JSONObject call(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JSONObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JolokiaHttp.json(Map.of("id", id, "method", method, "params", params)), true)
                .join();
        JSONObject reply;
        try {
            reply = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("chromium did not answer " + method + " within " + CALL);
        } catch (Exception e) {
            throw new AssertionError("chromium: " + method + " failed", e);
        } finally {
            pending.remove(id);
        }
        if (reply.get("error") != null) {
            throw new AssertionError("chromium: " + method + " answered " + reply.get("error"));
        }
        return (JSONObject) reply.get("result");
    }

    /**
     * The value of a JavaScript expression in the page, a promise awaited: strings, numbers,
     * booleans, null, or JSON-like objects. A thrown exception is an AssertionError with its text.
     */
    Object eval(String expression) {
        JSONObject r = call(
                "Runtime.evaluate",
                Map.of("expression", expression, "awaitPromise", true, "returnByValue", true, "userGesture", true));
        if (r.get("exceptionDetails") != null) {
            throw new AssertionError("the page threw on " + expression + ": " + r.get("exceptionDetails"));
        }
        return ((JSONObject) r.get("result")).get("value");
    }

    void navigate(String url) {
        JSONObject r = call("Page.navigate", Map.of("url", url));
        if (r.get("errorText") != null) {
            throw new AssertionError("chromium could not open " + url + ": " + r.get("errorText"));
        }
    }

    /** Types text into the focused element as a keyboard would (React sees its input events). */
    void type(String text) {
        call("Input.insertText", Map.of("text", text));
    }

    void screenshot(Path png) throws IOException {
        JSONObject r = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode((String) r.get("data")));
    }

    /** The page's console and log lines so far. */
    String console() {
        synchronized (console) {
            return String.join("\n", console);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    private void received(JSONObject message) {
        Object id = message.get("id");
        if (id != null) {
            CompletableFuture<JSONObject> f = pending.get(((Number) id).intValue());
            if (f != null) {
                f.complete(message);
            }
            return;
        }
        JSONObject params = (JSONObject) message.get("params");
        String line = switch (String.valueOf(message.get("method"))) {
            case "Runtime.consoleAPICalled" -> "console." + params.get("type") + " " + params.get("args");
            case "Runtime.exceptionThrown" -> "exception " + params.get("exceptionDetails");
            case "Log.entryAdded" -> "log " + params.get("entry");
            case "Page.frameNavigated" -> mainFrame(params) ? "navigated " + url(params) : null;
            default -> null;
        };
        if (line != null) {
            synchronized (console) {
                console.add(line);
            }
        }
    }

    private static boolean mainFrame(JSONObject params) {
        return ((JSONObject) params.get("frame")).get("parentId") == null;
    }

    private static Object url(JSONObject params) {
        return ((JSONObject) params.get("frame")).get("url");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                received((JSONObject) JolokiaHttp.parse(message));
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            pending.values()
                    .forEach(f -> f.completeExceptionally(
                            new IOException("chromium closed the DevTools socket: " + status + " " + reason)));
            return null;
        }
    }
}
