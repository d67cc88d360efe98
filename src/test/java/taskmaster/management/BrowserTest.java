package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.RunFiles;
import taskmaster.testing.TestDaemon;

/**
 * A real browser: headless Chromium loads a page from another localhost port that attacks two
 * daemons, one with the default authentication and one with {@code jolokia_auth = none} (where only
 * the request guard stands in the way). The page tries a no-cors text/plain POST of an exec that
 * stops a program, a form POST, {@code <img>} GETs of an exec URL, JSONP, and reads of Processes
 * whose results it writes into its DOM. Nothing changes in either daemon, the page reads nothing,
 * the daemons log the refusals, and curl from the shell (with the generated secret) works.
 *
 * <p>Skipped only on a developer machine without Chromium; in CI (the {@code CI} variable set)
 * a missing Chromium fails the test: {@code .ci/run} installs it.
 */
class BrowserTest {

    static final String ONE = "taskmaster:type=Process,program=one,name=one";
    static final String PROGRAM = "[one]\ncmd = sleep 100000\nstarttime = 0\n";

    @Test
    void aPageElsewhereCanNeitherDriveNorReadTheDaemon(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = chromium();
        if (chromium.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("chromium is missing, and CI is set: .ci/run must install it (apt-get install chromium)");
            }
            Assumptions.abort("chromium is not installed (apt-get install chromium); skipped on this machine");
        }
        Path a = Files.createDirectories(dir.resolve("secret"));
        Path b = Files.createDirectories(dir.resolve("none"));
        try (TestDaemon withSecret = TestDaemon.in(a).programs(PROGRAM).start().awaitUrl();
                TestDaemon open = TestDaemon.in(b)
                        .keys("jolokia_auth = none")
                        .programs(PROGRAM)
                        .start()
                        .awaitUrl()) {
            withSecret.awaitState(ONE, "RUNNING");
            open.awaitState(ONE, "RUNNING");
            Object pidA = withSecret.read(ONE, "Pid");
            Object pidB = open.read(ONE, "Pid");

            HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] page = page(open.url, withSecret.url).getBytes(StandardCharsets.UTF_8);
            site.createContext("/", ex -> {
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
                ex.close();
            });
            site.start();
            String dom;
            try {
                dom = dumpDom(
                        chromium.get(),
                        dir.resolve("chromium-profile"),
                        "http://127.0.0.1:" + site.getAddress().getPort() + "/attack.html",
                        dir.resolve("chromium.err"));
            } finally {
                site.stop(0);
            }

            // The daemons first: what the page changed matters more than what it saw.
            for (TestDaemon d : List.of(withSecret, open)) {
                assertThat(d.process.isAlive()).isTrue();
                assertThat(d.read(ONE, "State")).as(d.url).isEqualTo("RUNNING");
            }
            assertThat(withSecret.read(ONE, "Pid")).isEqualTo(pidA);
            assertThat(open.read(ONE, "Pid")).isEqualTo(pidB);
            assertThat(dom).as("chromium finished the page").isNotNull();
            Matcher m = Pattern.compile("<div id=\"out\">(.*?)</div>", Pattern.DOTALL)
                    .matcher(dom);
            assertThat(m.find()).as(dom).isTrue();
            String results = m.group(1);
            System.out.println("BrowserTest: the page saw " + results);
            assertThat(dom).contains("<title>done</title>");
            assertThat(results)
                    .doesNotContain("READ:")
                    .doesNotContain("JSONP:")
                    .doesNotContain("RUNNING")
                    .doesNotContain("sleep");
            assertThat(Pattern.compile("read-failed").matcher(results).results().count())
                    .isEqualTo(6);
            for (TestDaemon d : List.of(withSecret, open)) {
                assertThat(d.log())
                        .contains("jolokia: refused POST /jolokia from 127.0.0.1:"
                                + " forbidden: Origin is not in jolokia_allow_origin");
            }
            assertThat(open.log())
                    .contains("jolokia: refused GET /jolokia/exec/" + ONE + "/stop from 127.0.0.1:"
                            + " forbidden: GET may only read, list, search or version; use POST")
                    .contains("forbidden: Referer is not from an origin in jolokia_allow_origin")
                    .contains("forbidden: JSONP (callback) is off");

            // Meanwhile the shell, with the generated secret, is served.
            String state = withSecret.url + "/read/" + ONE + "/State";
            assertThat(sh("curl -sS -u \"$(cat '" + withSecret.secretFile() + "')\" '" + state + "'"))
                    .contains("\"value\":\"RUNNING\"");
            assertThat(sh("curl -sS -o /dev/null -w '%{http_code}' '" + state + "'"))
                    .isEqualTo("401");
            assertThat(sh("curl -sS '" + open.url + "/read/" + ONE + "/State'")).contains("\"value\":\"RUNNING\"");
        }
    }

    /** The attacker's page: every request a page may make without the daemon's consent. */
    static String page(String... targets) {
        StringBuilder urls = new StringBuilder();
        for (String t : targets) {
            urls.append(urls.isEmpty() ? "" : ",").append('\'').append(t).append('\'');
        }
        return """
            <!DOCTYPE html>
            <html><head><title>pending</title></head><body>
            <div id="out">pending</div>
            <script>
            const MBEAN = '%s';
            const STOP = JSON.stringify({type: 'exec', mbean: MBEAN, operation: 'stop'});
            const READ = JSON.stringify({type: 'read', mbean: 'taskmaster:type=Supervisor', attribute: 'Processes'});
            const results = [];
            const timeout = (ms, v) => new Promise(r => setTimeout(() => r(v), ms));
            function img(src, noReferrer) {
              return Promise.race([timeout(5000, 'img-timeout'), new Promise(r => {
                const i = new Image();
                if (noReferrer) i.referrerPolicy = 'no-referrer';
                i.onload = () => r('img-loaded');
                i.onerror = () => r('img-error');
                i.src = src;
              })]);
            }
            function jsonp(src) {
              return Promise.race([timeout(5000, 'jsonp-timeout'), new Promise(r => {
                window.steal = d => { results.push('JSONP:' + JSON.stringify(d)); r('jsonp-called'); };
                const s = document.createElement('script');
                s.referrerPolicy = 'no-referrer';
                s.onload = () => r('jsonp-loaded');
                s.onerror = () => r('jsonp-error');
                s.src = src;
                document.body.appendChild(s);
              })]);
            }
            function form(url, n) {
              return Promise.race([timeout(5000, 'form-timeout'), new Promise(r => {
                const sink = document.createElement('iframe');
                sink.name = 'sink' + n;
                document.body.appendChild(sink);
                const f = document.createElement('form');
                f.method = 'POST'; f.action = url; f.enctype = 'text/plain'; f.target = sink.name;
                const field = document.createElement('input');
                // text/plain sends name=value: together, the JSON of a stop
                field.name = STOP.slice(0, -1) + ',"x":"';
                field.value = '"}';
                f.appendChild(field);
                document.body.appendChild(f);
                sink.onload = () => r('form-sent');
                f.submit();
              })]);
            }
            async function read(what, url, init) {
              try {
                const r = await fetch(url, init);
                results.push('READ:' + what + ':' + r.status + ':' + await r.text());
              } catch (e) {
                results.push('read-failed:' + what + ':' + e.name);
              }
            }
            async function attack() {
              let n = 0;
              for (const u of [%s]) {
                try {
                  await fetch(u, {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body: STOP});
                  results.push('no-cors-post-sent');
                } catch (e) { results.push('no-cors-post-error:' + e.name); }
                results.push(await form(u, n++));
                results.push(await img(u + '/exec/' + MBEAN + '/stop', false));
                results.push(await img(u + '/exec/' + MBEAN + '/stop', true));
                results.push(await jsonp(u + '/read/taskmaster:type=Supervisor/Processes?callback=steal'));
                await read('get', u + '/read/taskmaster:type=Supervisor/Processes', {});
                await read('get-credentials', u + '/read/taskmaster:type=Supervisor/Processes', {credentials: 'include'});
                await read('post', u, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: READ});
              }
              document.getElementById('out').textContent = JSON.stringify(results);
              document.title = 'done';
            }
            attack();
            </script>
            </body></html>
            """.formatted(ONE, urls);
    }

    /**
     * Runs headless Chromium on {@code url} until its scripts are done; the DOM it ends with, or null
     * when it had not finished after 90 s (then it is killed).
     */
    static String dumpDom(Path chromium, Path profile, String url, Path err) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=30000",
                "--dump-dom",
                url));
        if (RunFiles.uid() == 0) {
            cmd.add(1, "--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        Path out = err.resolveSibling("chromium.dom");
        Process p = new ProcessBuilder(cmd)
                .redirectError(err.toFile())
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return null;
        }
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        return Files.readString(out);
    }

    static Optional<Path> chromium() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    static String sh(String script) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
