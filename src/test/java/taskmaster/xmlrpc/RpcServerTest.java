package taskmaster.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.RpcServerSettings;
import taskmaster.model.RpcServerSettings.Credentials;
import taskmaster.testing.RawHttp;
import taskmaster.testing.RawHttp.Answer;

/**
 * The transport on real sockets, in this JVM, with {@link FakeSupervisor} as the method table:
 * the socket file's mode, owner and life, each refusal (one test each), and the log tails.
 */
class RpcServerTest {

    private static final Duration BOUND = RawHttp.BOUND;
    private static final String ECHO = "<?xml version='1.0'?><methodCall><methodName>echo</methodName><params>"
            + "<param><value><int>42</int></value></param></params></methodCall>";
    private static final Credentials USER = new Credentials("ops", "s3cret");

    @TempDir
    Path dir;

    private final FakeSupervisor fake = new FakeSupervisor();
    private final List<RpcServer> servers = new ArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(RpcServer::close);
    }

    private RpcServer start(RpcServerSettings.Unix unix, RpcServerSettings.Inet inet) throws RpcServerException {
        RpcServer s = RpcServer.start(new RpcServerSettings(unix, inet), fake);
        servers.add(s);
        s.open();
        return s;
    }

    private Path sock() {
        return dir.resolve("sv.sock");
    }

    private RpcServerSettings.Unix unix(int mode, Credentials c) {
        return new RpcServerSettings.Unix(sock(), mode, null, null, c);
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theSocketIs0700ByDefaultServesAndIsRemovedAtClose() throws Exception {
        RpcServer s = start(unix(0700, null), null);
        assertThat(s.addresses()).containsExactly("unix:" + sock());
        assertThat(UnixSocketFile.isSocket(sock())).isTrue();
        assertThat(mode(sock())).isEqualTo("rwx------");
        Answer a = RawHttp.unix(sock()).post("/RPC2", ECHO);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers()).containsEntry("content-type", "text/xml");
        assertThat(a.body()).contains("<value><array><data>\n<value><int>42</int></value>");
        // Nothing but the socket is left beside it (the private folder it was made in is gone).
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(sock());
        }
        s.close();
        assertThat(sock()).doesNotExist();
    }

    @Test
    void theSocketGetsTheModeChmodSays() throws Exception {
        start(unix(0770, null), null);
        assertThat(mode(sock())).isEqualTo("rwxrwx---");
    }

    @Test
    void theSocketGetsTheOwnerChownSays() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        RpcServerSettings.Unix u = new RpcServerSettings.Unix(sock(), 0700, "65534", "65534", null);
        if (root) {
            start(u, null);
            assertThat(Files.getAttribute(sock(), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(65534);
            assertThat(Files.getAttribute(sock(), "unix:gid", LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(65534);
        } else {
            assertThatThrownBy(() -> start(u, null))
                    .isInstanceOf(RpcServerException.class)
                    .hasMessageContaining("chown = 65534:65534: not permitted");
            assertThat(sock()).doesNotExist();
        }
        RpcServerSettings.Unix unknown = new RpcServerSettings.Unix(sock(), 0700, "no-such-user-here", null, null);
        servers.forEach(RpcServer::close);
        assertThatThrownBy(() -> start(unknown, null))
                .isInstanceOf(RpcServerException.class)
                .hasMessage("[unix_http_server] chown = no-such-user-here: no such user 'no-such-user-here' (allowed:"
                        + " user or user:group of this machine, names or ids)");
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock()));
        } // closed: the file stays, nothing listens
        assertThat(UnixSocketFile.isSocket(sock())).isTrue();
        start(unix(0700, null), null);
        assertThat(RawHttp.unix(sock()).post("/RPC2", ECHO).status()).isEqualTo(200);
    }

    @Test
    void aSocketSomeoneListensOnIsNotTaken() throws Exception {
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(sock()));
            assertThatThrownBy(() -> start(unix(0700, null), null))
                    .isInstanceOf(RpcServerException.class)
                    .hasMessageContaining("another server is listening on it");
            assertThat(UnixSocketFile.listening(sock())).isTrue();
        }
    }

    @Test
    void aFileThatIsNoSocketIsNotReplaced() throws Exception {
        Files.writeString(sock(), "precious");
        assertThatThrownBy(() -> start(unix(0700, null), null))
                .isInstanceOf(RpcServerException.class)
                .hasMessageContaining("exists and is not a socket");
        assertThat(sock()).hasContent("precious");
    }

    @Test
    void missingCredentialsAre401WithAChallenge() throws Exception {
        start(unix(0700, USER), null);
        Answer a = RawHttp.unix(sock()).post("/RPC2", ECHO);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.headers()).containsEntry("www-authenticate", "Basic realm=\"default\"");
        assertThat(a.body()).doesNotContain("<int>42</int>");
    }

    @Test
    void wrongCredentialsAre401() throws Exception {
        start(unix(0700, USER), null);
        RawHttp c = RawHttp.unix(sock());
        assertThat(c.post("/RPC2", ECHO, basic("ops", "wrong")).status()).isEqualTo(401);
        assertThat(c.post("/RPC2", ECHO, basic("other", "s3cret")).status()).isEqualTo(401);
        assertThat(c.post("/RPC2", ECHO, "Authorization: Basic !!!").status()).isEqualTo(401);
        assertThat(c.get("/logtail/web/stdout", basic("ops", "wrong")).status()).isEqualTo(401);
        assertThat(c.post("/RPC2", ECHO, basic("ops", "s3cret")).status()).isEqualTo(200);
    }

    @Test
    void aShaPasswordIsCheckedAsSupervisordChecksIt() throws Exception {
        Credentials sha = new Credentials("ops", "{SHA}" + BasicAuth.sha1Hex("s3cret"));
        start(unix(0700, sha), null);
        RawHttp c = RawHttp.unix(sock());
        assertThat(c.post("/RPC2", ECHO, basic("ops", "s3cret")).status()).isEqualTo(200);
        assertThat(c.post("/RPC2", ECHO, basic("ops", sha.password())).status()).isEqualTo(401);
    }

    @Test
    void aForeignOriginIs403OnTheSocketAndOnTheNetwork() throws Exception {
        RpcServer s = start(unix(0700, null), new RpcServerSettings.Inet("127.0.0.1", 0, null));
        for (RawHttp c : List.of(RawHttp.unix(sock()), RawHttp.tcp("127.0.0.1", s.port()))) {
            Answer a = c.post("/RPC2", ECHO, "Host: 127.0.0.1:" + s.port(), "Origin: https://evil.example");
            assertThat(a.status()).isEqualTo(403);
            assertThat(a.body()).contains("Origin").doesNotContain("<int>42</int>");
        }
        // A page of this very server would be same-origin: allowed (there is none, but it is not foreign).
        assertThat(RawHttp.tcp("127.0.0.1", s.port())
                        .post("/RPC2", ECHO, "Host: 127.0.0.1:" + s.port(), "Origin: http://127.0.0.1:" + s.port())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aHostThatIsNotTheLoopbackListenersIs403() throws Exception {
        RpcServer s = start(null, new RpcServerSettings.Inet("127.0.0.1", 0, null));
        RawHttp c = RawHttp.tcp("127.0.0.1", s.port());
        Answer rebound = c.post("/RPC2", ECHO, "Host: attacker.example:" + s.port());
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("Host").doesNotContain("<int>42</int>");
        assertThat(c.post("/RPC2", ECHO, "Host: 127.0.0.1:" + s.port()).status())
                .isEqualTo(200);
        assertThat(c.post("/RPC2", ECHO, "Host: localhost:" + s.port()).status())
                .isEqualTo(200);
        assertThat(c.post("/RPC2", ECHO, "Host: LOCALHOST").status()).isEqualTo(200);
    }

    @Test
    void getOnRpc2IsRefusedAndOnlyXmlIsPosted() throws Exception {
        start(unix(0700, null), null);
        RawHttp c = RawHttp.unix(sock());
        Answer get = c.get("/RPC2");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers()).containsEntry("allow", "POST");
        Answer form = c.request("POST", "/RPC2", ECHO.getBytes(), "Content-Type: application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(415);
        assertThat(c.request("POST", "/RPC2", ECHO.getBytes()).status()).isEqualTo(415);
        assertThat(c.request("POST", "/RPC2", ECHO.getBytes(), "Content-Type: text/xml; charset=utf-8")
                        .status())
                .isEqualTo(200);
        assertThat(c.request("POST", "/logtail/web/stdout", new byte[0]).status())
                .isEqualTo(405);
        assertThat(c.get("/").status()).isEqualTo(404);
    }

    @Test
    void anOversizedBodyIs413WithAFault() throws Exception {
        start(unix(0700, null), null);
        RawHttp c = RawHttp.unix(sock());
        Answer declared = c.request(
                "POST", "/RPC2", new byte[0], "Content-Type: text/xml", "Content-Length: " + (RpcHandler.MAX_BODY + 1));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("<fault>", "larger than");
        String big = "<methodCall><methodName>echo</methodName><params><param><value><string>"
                + "x".repeat(RpcHandler.MAX_BODY) + "</string></value></param></params></methodCall>";
        Answer sent = c.post("/RPC2", big);
        assertThat(sent.status()).isEqualTo(413);
        assertThat(sent.body()).contains("<fault>").doesNotContain("xxxxxxxx");
        // Chunked, so no length is declared: the body is cut where the bound is.
        byte[] chunked = (Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n").getBytes();
        Answer undeclared = c.request("POST", "/RPC2", chunked, "Content-Type: text/xml", "Transfer-Encoding: chunked");
        assertThat(undeclared.status()).isEqualTo(413);
        assertThat(undeclared.body()).contains("<fault>", "larger than");
    }

    @Test
    void malformedOrEntityLadenBodiesGetAFaultNeverAStackTrace() throws Exception {
        start(unix(0700, null), null);
        RawHttp c = RawHttp.unix(sock());
        List<String> bodies = List.of(
                "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                        + "<methodCall><methodName>&e;</methodName></methodCall>",
                "<methodCall><methodName>echo",
                "\u0000\u0001garbage",
                "<methodCall><methodName>boom</methodName></methodCall>");
        for (String body : bodies) {
            Answer a = c.post("/RPC2", body);
            assertThat(a.status()).as(body).isEqualTo(200);
            assertThat(a.body())
                    .as(body)
                    .contains("<fault>", "faultCode")
                    .doesNotContain("root:", "Exception", "\tat ", "secret detail", "taskmaster.");
        }
        assertThat(c.post("/RPC2", bodies.getLast()).body()).contains("<int>-32603</int>", "INTERNAL_ERROR: boom");
        assertThat(c.post("/RPC2", "<methodCall><methodName>nope</methodName></methodCall>")
                        .body())
                .contains("<int>1</int>", "UNKNOWN_METHOD");
    }

    @Test
    void jettysOwnRefusalsOfBrokenHttpCarryNoStackTrace() throws Exception {
        start(unix(0700, null), null);
        RawHttp c = RawHttp.unix(sock());
        for (Answer a : List.of(c.get("/%zz"), c.get("/RPC2", "Content-Length: x"), c.get("/" + "a".repeat(9000)))) {
            assertThat(a.status()).isBetween(400, 431);
            assertThat(a.body()).doesNotContain("\tat ", "Exception", "org.eclipse");
        }
    }

    @Test
    void aTailOverTcpEndsWhenTheClientGoes() throws Exception {
        RpcServer s = start(null, new RpcServerSettings.Inet("127.0.0.1", 0, null));
        fake.appendStdout("tcp line\n");
        try (RawHttp.Stream tail =
                RawHttp.tcp("127.0.0.1", s.port()).stream("/logtail/web", "Host: 127.0.0.1:" + s.port())) {
            tail.awaitText("tcp line\n", BOUND);
        }
        await().atMost(BOUND).until(() -> {
            int before = fake.tailCalls.get();
            Thread.sleep(3 * LogTail.POLL_MS);
            return fake.tailCalls.get() == before;
        });
    }

    @Test
    void aNetworkAddressWithoutCredentialsIsRefusedAtStart() {
        for (String host : List.of("", "0.0.0.0")) {
            assertThatThrownBy(() -> start(unix(0700, null), new RpcServerSettings.Inet(host, 0, null)))
                    .isInstanceOf(RpcServerException.class)
                    .hasMessageContaining("which is not loopback, without username and password")
                    .hasMessageContaining("refusing");
            assertThat(sock()).doesNotExist();
        }
    }

    @Test
    void aNetworkAddressWithCredentialsStarts() throws Exception {
        RpcServer s = start(null, new RpcServerSettings.Inet("0.0.0.0", 0, USER));
        assertThat(s.port()).isPositive();
        RawHttp c = RawHttp.tcp("127.0.0.1", s.port());
        assertThat(c.post("/RPC2", ECHO).status()).isEqualTo(401);
        // On a network address the machine's names are not ours to list: any Host, with the password.
        assertThat(c.post("/RPC2", ECHO, "Host: myhost.example:9001", basic("ops", "s3cret"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aProcessLogTailSendsTheLast1024BytesThenWhatIsWrittenUntilTheClientGoes() throws Exception {
        fake.appendStdout("a".repeat(2000) + "HEAD-END\n");
        start(unix(0700, null), null);
        RawHttp c = RawHttp.unix(sock());
        try (RawHttp.Stream tail = c.stream("/logtail/web/stdout")) {
            String first = tail.awaitText("HEAD-END\n", BOUND);
            assertThat(first).contains("200 OK", "Transfer-Encoding: chunked").doesNotContain("a".repeat(1100));
            fake.appendStdout("line two\n");
            tail.awaitText("line two\n", BOUND);
            fake.truncateStdout();
            fake.appendStdout("after clear\n");
            String all = tail.awaitText("after clear\n", BOUND);
            assertThat(all).contains("==> File truncated <==\n");
            assertThat(all.indexOf("line two")).isEqualTo(all.lastIndexOf("line two")); // nothing twice
        }
        // The client is gone: the server stops reading the log.
        await().atMost(BOUND).until(() -> {
            int before = fake.tailCalls.get();
            Thread.sleep(3 * LogTail.POLL_MS);
            return fake.tailCalls.get() == before;
        });
    }

    @Test
    void aQuietTailOutlivesTheIdleTimeoutWhileAnIdleConnectionDoesNot() throws Exception {
        long idle = 500;
        RpcServer s = RpcServer.start(new RpcServerSettings(unix(0700, null), null), fake, idle);
        servers.add(s);
        s.open();
        fake.appendStdout("before\n");
        try (RawHttp.Stream tail = RawHttp.unix(sock()).stream("/logtail/web/stdout")) {
            tail.awaitText("before\n", BOUND);
            Thread.sleep(4 * idle); // a quiet log: only the idle timeout could end the tail now
            fake.appendStdout("after\n");
            tail.awaitText("after\n", BOUND);
            assertThat(tail.ended()).isFalse();
        }
        // A connection that sends nothing is closed by the idle timeout.
        try (java.nio.channels.SocketChannel idleOne =
                java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX)) {
            idleOne.connect(UnixDomainSocketAddress.of(sock()));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
            long t0 = System.nanoTime();
            assertThat(idleOne.read(b)).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(BOUND);
        }
    }

    @Test
    void aTailOfAnUnknownProcessOrOneWithoutALogIs404() throws Exception {
        start(unix(0700, null), null);
        RawHttp c = RawHttp.unix(sock());
        assertThat(c.get("/logtail/nosuch/stdout").status()).isEqualTo(404);
        assertThat(c.get("/logtail/quiet/stdout").status()).isEqualTo(404);
        assertThat(c.get("/logtail/web/other").status()).isEqualTo(404);
    }

    @Test
    void theMainLogTailFollowsTheEventLog() throws Exception {
        fake.appendMainLog("é".repeat(700) + "\nstarted\n");
        start(unix(0700, null), null);
        try (RawHttp.Stream tail = RawHttp.unix(sock()).stream("/mainlogtail")) {
            String first = tail.awaitText("started\n", BOUND);
            assertThat(first).doesNotContain("\uFFFD");
            fake.appendMainLog("spawned: 'web'\n");
            tail.awaitText("spawned: 'web'\n", BOUND);
            fake.truncateMainLog();
            fake.appendMainLog("rotated\n");
            assertThat(tail.awaitText("rotated\n", BOUND)).contains("==> File truncated <==");
        }
        await().atMost(BOUND).until(() -> {
            int before = fake.readLogCalls.get();
            Thread.sleep(3 * LogTail.POLL_MS);
            return fake.readLogCalls.get() == before;
        });
    }
}
