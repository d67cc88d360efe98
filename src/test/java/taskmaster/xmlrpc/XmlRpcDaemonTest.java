package taskmaster.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.RawHttp;
import taskmaster.testing.TestDaemon;

/**
 * A real taskmasterd with supervisord's server sections: the socket as configured and gone after
 * the daemon, Python's XML-RPC client over it (through supervisor's own transport), TCP on port 0
 * found through the log line, and the refusal of a network address without credentials.
 */
class XmlRpcDaemonTest {

    private static final String PROGRAM = "[program:sleeper]\ncommand = sleep 100000\nstartsecs = 0\n";

    @TempDir
    Path dir;

    /** Runs a Python script (argv[1] the socket or URL, argv[2:] credentials); its stdout. */
    private String python(String script, String... args) throws IOException, InterruptedException {
        PythonClientTest.requireSupervisorPackage();
        Path file = dir.resolve("client.py");
        Files.writeString(file, script);
        java.util.List<String> cmd =
                new java.util.ArrayList<>(java.util.List.of(PythonClientTest.PYTHON.toString(), file.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    private static final String CLIENT = """
        import sys, xmlrpc.client
        from supervisor.xmlrpc import SupervisorTransport
        user = sys.argv[2] if len(sys.argv) > 2 else None
        password = sys.argv[3] if len(sys.argv) > 3 else None
        p = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(user, password, sys.argv[1]))
        try:
            p.supervisor.noSuchMethod()
        except xmlrpc.client.Fault as f:
            print('unknown', f.faultCode, f.faultString)
        try:
            methods = p.system.listMethods()
            print('methods', 'system.listMethods' in methods)
        except xmlrpc.client.Fault as f:
            print('methods fault', f.faultCode)
        """;

    @Test
    void theUnixSocketServesPythonsClientAndIsGoneAfterTheDaemon() throws Exception {
        Path sock = dir.resolve("sv.sock");
        try (TestDaemon d = TestDaemon.in(dir)
                .programs("[unix_http_server]\nfile = %(here)s/sv.sock\n" + PROGRAM)
                .start()) {
            assertThat(d.awaitLog("xmlrpc: serving on (\\S+)")).isEqualTo("unix:" + sock);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock, LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rwx------");
            String out = python(CLIENT, "unix://" + sock);
            assertThat(out).contains("unknown 1 UNKNOWN_METHOD");
            // The method table answers, or (before it has the method) says it does not know it.
            assertThat(out).containsAnyOf("methods True", "methods fault 1");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void chmodAndCredentialsOfTheUnixSection() throws Exception {
        Path sock = dir.resolve("sv.sock");
        try (TestDaemon d = TestDaemon.in(dir)
                .programs("[unix_http_server]\nfile = sv.sock\nchmod = 0770\nusername = ops\npassword = pw\n" + PROGRAM)
                .start()) {
            d.awaitLog("xmlrpc: serving on unix:");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock, LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rwxrwx---");
            assertThat(python(CLIENT, "unix://" + sock, "ops", "pw")).contains("unknown 1 UNKNOWN_METHOD");
            assertThat(RawHttp.unix(sock)
                            .post("/RPC2", "<methodCall><methodName>x</methodName></methodCall>")
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void theTcpPortZeroIsFoundThroughTheLogLine() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .programs("[inet_http_server]\nport = 127.0.0.1:0\nusername = ops\npassword = pw\n" + PROGRAM)
                .start()) {
            String url = d.awaitLog("xmlrpc: serving on (http://\\S+)");
            assertThat(url).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
            assertThat(python(CLIENT, url, "ops", "pw")).contains("unknown 1 UNKNOWN_METHOD");
            RawHttp c = RawHttp.of(url);
            assertThat(c.post("/RPC2", "<methodCall><methodName>x</methodName></methodCall>")
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void aNetworkAddressWithoutCredentialsStopsTheStart() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .programs("[inet_http_server]\nport = 0\n" + PROGRAM)
                .start()) {
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.log())
                    .contains("not started: [inet_http_server] port = 0 listens on every interface, which is not"
                            + " loopback, without username and password: refusing to let the network drive this"
                            + " daemon")
                    .doesNotContain("spawned:");
        }
    }
}
