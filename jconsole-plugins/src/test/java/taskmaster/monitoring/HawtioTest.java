package taskmaster.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.TestDaemon;

/**
 * Hawtio 4.2 (the {@code hawtio-default} WAR on Jetty 12) in headless Chromium, driven through the
 * DevTools protocol as a user would: a connection to the daemon's Jolokia through Hawtio's proxy,
 * logged in with the daemon's generated credentials on Hawtio's own login form, the JMX tree opened
 * down to a Process bean, and its {@code restart} run from the Operations tab by clicking Execute.
 * The daemon, asked directly, must then show a new pid. Hawtio's proxy forwards the browser's
 * {@code Origin}, so the daemon allows Hawtio's origin ({@code jolokia_allow_origin}) and nothing else.
 *
 * <p>Skipped only on a developer machine without Chromium; with {@code CI} set a missing Chromium
 * fails the test ({@code .ci/run} installs it). Screenshots: {@code target/hawtio-taskmaster.png}
 * (the tree and the bean's attributes), {@code target/hawtio-restart.png} (the operation's result),
 * and {@code target/hawtio-failure.png} when it fails.
 */
class HawtioTest {

    static final String PROGRAMS = """
        [web]
        cmd = sleep 100000
        numprocs = 2
        process_name = %(program_name)s_%(process_num)d
        starttime = 0
        stoptime = 2
        [worker]
        cmd = sleep 100000
        starttime = 0
        """;
    static final String WEB_1 = "taskmaster:type=Process,program=web,name=web_1";
    /** Each step in the browser; Hawtio's first load parses 11 MB of JavaScript on a busy machine. */
    static final Duration STEP = Duration.ofSeconds(90);

    final Path target = Path.of(System.getProperty("taskmaster.target", "target"));

    @Test
    void hawtioThroughItsProxyShowsTheTaskmasterTreeAndRestartsAProcess(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = Chromium.find();
        if (chromium.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("chromium is missing, and CI is set: .ci/run must install it (apt-get install chromium)");
            }
            Assumptions.abort("chromium is not installed (apt-get install chromium); skipped on this machine");
        }
        Files.deleteIfExists(target.resolve("hawtio-failure.png")); // only this run's failure may leave one
        long began = System.nanoTime();
        // Chromium starts while Hawtio's JVM does; the daemon needs Hawtio's port for its allowed origin.
        try (Hawtio hawtio = Hawtio.launch(dir.resolve("hawtio"));
                Chromium browser = Chromium.start(chromium.get(), dir.resolve("chromium"), 1400, 1000);
                TestDaemon daemon = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                        .keys("jolokia_allow_origin = http://127.0.0.1:"
                                + hawtio.awaitServing().port())
                        .programs(PROGRAMS)
                        .start()
                        .awaitUrl()) {
            System.out.println("HawtioTest: Hawtio, the daemon and Chromium up in " + since(began));
            daemon.awaitState(WEB_1, "RUNNING");
            long pid = ((Number) daemon.read(WEB_1, "Pid")).longValue();
            Cdp page = browser.page;
            try {
                page.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HELPERS));
                // A connection as Hawtio's Connect tab saves it, then opened as its Connect button does.
                // The local storage is written from a page of Hawtio's origin that runs none of its scripts.
                page.navigate(hawtio.url + "/robots.txt");
                int port = URI.create(daemon.url).getPort();
                String connections = """
                    {"tm": {"id": "tm", "name": "taskmaster", "scheme": "http", "host": "127.0.0.1", "port": %d,
                      "path": "/jolokia"}}\
                    """.formatted(port);
                page.eval("localStorage.setItem('connect.connections', " + JolokiaHttp.json(connections) + ")");
                page.navigate(hawtio.url + "/?con=tm");

                // Hawtio finds the connection needs credentials and shows its login form (first
                // routed in the page, then loaded again by Hawtio: what is typed before is lost).
                String[] refused = new String[1];
                await("the login to the daemon through Hawtio's form")
                        .atMost(STEP)
                        .pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions()
                        .until(() -> {
                            // logged in: Hawtio found MBeans behind the connection and offers its JMX plugin
                            if (Boolean.TRUE.equals(page.eval(
                                    "!location.pathname.endsWith('/connect/login') && !!tm.find('a', 'JMX')"))) {
                                return true;
                            }
                            // Hawtio's words for any 401 or 403, the daemon's refusal of its origin included
                            if (Boolean.TRUE.equals(
                                    page.eval("tm.text().includes('Incorrect username or password')"))) {
                                refused[0] = "Hawtio says 'Incorrect username or password'";
                                return true;
                            }
                            // once per page: two logins at once store their credentials under each other's key
                            if (!Boolean.TRUE.equals(page.eval("!!window.tmLoggingIn"))
                                    && type(page, "connect-login-form-username", daemon.user)
                                    && type(page, "connect-login-form-password", daemon.password)) {
                                page.eval("window.tmLoggingIn = tm.click('button', 'Log in')");
                            }
                            return false;
                        });
                assertThat(refused[0])
                        .as("the daemon refused Hawtio's login; its event log:\n" + daemon.log())
                        .isNull();

                // The JMX tree, from the daemon's Jolokia through the proxy.
                awaitPage(page, "the JMX plugin", "tm.click('a', 'JMX')");
                awaitPage(
                        page,
                        "the taskmaster domain in the tree",
                        "tm.find('.pf-v5-c-tree-view__node-text', 'taskmaster')");
                for (String folder : new String[] {"taskmaster", "Process", "web"}) {
                    awaitPage(page, folder + " unfolded in the tree", "tm.expand('" + folder + "')");
                }
                awaitPage(
                        page,
                        "the other beans in the tree",
                        "!!tm.treeItem('web_0') && !!tm.treeItem('worker') && !!tm.treeItem('Program')"
                                + " && !!tm.treeItem('Supervisor')");
                awaitPage(page, "web_1 in the tree", "tm.select('web_1')");
                awaitPage(
                        page, "web_1's attributes", "tm.text().includes('" + WEB_1 + "') && tm.text().includes('Pid')");
                page.screenshot(target.resolve("hawtio-taskmaster.png"));

                // Operations: restart() unfolded and executed.
                awaitPage(page, "the Operations tab", "tm.click('a', 'Operations')");
                awaitPage(page, "restart() unfolded", "tm.unfold('restart()')");
                awaitPage(page, "Execute", "tm.execute('restart()')");
                await().atMost(TestDaemon.BOUND)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            Object now = daemon.read(WEB_1, "Pid");
                            return ((Number) now).longValue() != pid && "RUNNING".equals(daemon.read(WEB_1, "State"));
                        });
                String result = (String) awaitPage(page, "the operation's result", "tm.result('restart()')");
                System.out.println("HawtioTest: Hawtio shows restart()'s result: " + result);
                assertThat(result).contains("\"ok\": true").contains("web_1");
                page.screenshot(target.resolve("hawtio-restart.png"));

                long after = ((Number) daemon.read(WEB_1, "Pid")).longValue();
                System.out.println(
                        "HawtioTest: web_1 was pid " + pid + ", is pid " + after + " after Hawtio's restart");
                assertThat(after).isNotEqualTo(pid);
                assertThat(daemon.read("taskmaster:type=Process,program=web,name=web_0", "State"))
                        .isEqualTo("RUNNING");
                // Hawtio's requests reached the daemon through its proxy with the allowed origin: none refused.
                assertThat(daemon.log()).doesNotContain("jolokia: refused");
                proxyForwardsTheOrigin(hawtio, daemon);
            } catch (Throwable t) {
                dump(page, hawtio, browser, daemon);
                throw t;
            }
        }
        System.out.println("HawtioTest: took " + since(began));
    }

    /**
     * Why the daemon must allow Hawtio's origin: Hawtio's proxy passes the browser's {@code Origin}
     * on, so the daemon sees where the page came from. With Hawtio's origin and the credentials the
     * read is served; the same request from a page elsewhere is refused by the daemon, not by Hawtio.
     */
    static void proxyForwardsTheOrigin(Hawtio hawtio, TestDaemon daemon) throws Exception {
        URI proxy = URI.create(
                hawtio.url + "/proxy/http/127.0.0.1/" + URI.create(daemon.url).getPort() + "/jolokia");
        String read = JolokiaHttp.json(Map.of("type", "read", "mbean", WEB_1, "attribute", "State"));
        HttpResponse<String> allowed = proxied(daemon, proxy, read, "http://127.0.0.1:" + hawtio.port());
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(JolokiaHttp.value((JSONObject) JolokiaHttp.parse(allowed.body())))
                .isEqualTo("RUNNING");
        HttpResponse<String> elsewhere = proxied(daemon, proxy, read, "http://elsewhere.example");
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(403);
        daemon.awaitLog("jolokia: refused POST /jolokia from 127\\.0\\.0\\.1: forbidden: Origin is not in"
                + " jolokia_allow_origin");
    }

    static HttpResponse<String> proxied(TestDaemon daemon, URI proxy, String body, String origin) {
        return daemon.send(HttpRequest.newBuilder(proxy)
                .header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Types into an input as a keyboard would; whether it then holds the text. */
    static boolean type(Cdp page, String id, String text) {
        String input = "document.getElementById('" + id + "')";
        if (!Boolean.TRUE.equals(page.eval("(e => !!e && (e.focus(), e.select(), true))(" + input + ")"))) {
            return false;
        }
        page.type(text);
        Object typed = page.eval(input + ".value");
        return text.equals(typed);
    }

    /** Polls a JavaScript expression until it is truthy (navigation in between is fine); its value. */
    static Object awaitPage(Cdp page, String what, String expression) {
        Object[] value = new Object[1];
        await(what)
                .atMost(STEP)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    // an element found is true: elements do not travel by value
                    Object v = page.eval("(() => { try { const v = " + expression
                            + "; return v && typeof v === 'object' ? true : v; } catch (e) { return null; } })()");
                    value[0] = v;
                    return v != null && !Boolean.FALSE.equals(v) && !"".equals(v);
                });
        return value[0];
    }

    /** What a failure leaves: the page's text and a screenshot, the browser's console, Chromium's and Jetty's logs. */
    void dump(Cdp page, Hawtio hawtio, Chromium browser, TestDaemon daemon) {
        try {
            System.out.println("HawtioTest: the page at failure: " + page.eval("location.href") + "\n"
                    + page.eval("document.body ? document.body.innerText : '(no body)'"));
            page.screenshot(target.resolve("hawtio-failure.png"));
            System.out.println("HawtioTest: the tree: "
                    + page.eval("(document.querySelector('.pf-v5-c-tree-view') || {}).outerHTML"));
        } catch (Throwable e) {
            System.out.println("HawtioTest: the page is unreadable: " + e);
        }
        System.out.println("HawtioTest: the browser's console:\n" + page.console());
        System.out.println("HawtioTest: chromium's stderr:\n" + browser.stderr());
        System.out.println("HawtioTest: Hawtio's Jetty:\n" + hawtio.log());
        System.out.println("HawtioTest: the daemon's event log:\n" + daemon.log());
    }

    static String since(long nanos) {
        return String.format("%.1f s", (System.nanoTime() - nanos) / 1e9);
    }

    /**
     * Installed in every page before Hawtio's scripts: find and click elements by their text, as a
     * user picks them; each answers false (or null) while the element is not there yet.
     */
    static final String HELPERS = """
        window.tm = {
          text: () => document.body ? document.body.innerText : '',
          find: (selector, text) => [...document.querySelectorAll(selector)]
              .find(e => e.textContent.trim() === text && e.getClientRects().length > 0) || null,
          click: (selector, text) => {
            const e = tm.find(selector, text);
            if (!e || e.disabled) return false;
            e.click();
            return true;
          },
          // the tree's item (li) whose own label is text; the last one when several are (a folder and a bean)
          treeItem: text => [...document.querySelectorAll('li.pf-v5-c-tree-view__list-item')]
              .filter(li => {
                const t = li.querySelector(':scope > .pf-v5-c-tree-view__content .pf-v5-c-tree-view__node-text');
                return t && t.textContent.trim() === text && li.getClientRects().length > 0;
              }).pop() || null,
          expand: text => {
            const li = tm.treeItem(text);
            if (!li) return false;
            if (li.getAttribute('aria-expanded') === 'true') return true;
            const c = li.querySelector(':scope > .pf-v5-c-tree-view__content');
            (c.querySelector('.pf-v5-c-tree-view__node-toggle') || c.querySelector('.pf-v5-c-tree-view__node')).click();
            return false; // true at the next look, once it shows its children
          },
          select: text => {
            const li = tm.treeItem(text);
            if (!li) return false;
            li.querySelector(':scope > .pf-v5-c-tree-view__content .pf-v5-c-tree-view__node').click();
            return true;
          },
          // an operation's row in the Operations tab, by its signature as Hawtio shows it
          operation: name => [...document.querySelectorAll('.pf-v5-c-data-list__item')]
              .find(i => [...i.querySelectorAll('b')].some(b => b.textContent.trim() === name)) || null,
          unfold: name => {
            const i = tm.operation(name);
            if (!i) return false;
            if (!i.classList.contains('pf-m-expanded')) i.querySelector('.pf-v5-c-data-list__toggle button').click();
            return i.classList.contains('pf-m-expanded');
          },
          execute: name => {
            const i = tm.operation(name);
            const b = i && [...i.querySelectorAll('button')].find(b => b.textContent.trim() === 'Execute');
            if (!b || b.disabled) return false;
            b.click();
            return true;
          },
          result: name => {
            const i = tm.operation(name);
            const r = i && [...i.querySelectorAll('.pf-v5-c-data-list__expandable-content')]
                .find(c => (c.id || '').startsWith('operation-result-'));
            if (!r || !r.textContent.includes('"ok"')) return null;
            r.scrollIntoView({block: 'center'}); // for the screenshot
            return r.textContent;
          },
        };
        """;
}
