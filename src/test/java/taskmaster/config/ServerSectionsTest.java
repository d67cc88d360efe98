package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.RpcServerSettings;
import taskmaster.model.RpcServerSettings.Credentials;

/** {@code [unix_http_server]} and {@code [inet_http_server]}: their keys, defaults, errors and warnings. */
class ServerSectionsTest {
    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    private RpcServerSettings rpc(String text) throws ConfigException {
        return TestConfigs.load(dir, text).daemon().rpc();
    }

    @Test
    void neitherSectionServesNothing() throws ConfigException {
        assertThat(rpc("[supervisord]\n")).isEqualTo(RpcServerSettings.NONE);
        assertThat(RpcServerSettings.NONE.any()).isFalse();
    }

    @Test
    void theUnixSectionWithItsDefaults() throws ConfigException {
        RpcServerSettings s = rpc("[unix_http_server]\nfile = /run/sv.sock\n");
        assertThat(s.unix()).isEqualTo(new RpcServerSettings.Unix(Path.of("/run/sv.sock"), 0700, null, null, null));
        assertThat(s.inet()).isNull();
        assertThat(s.any()).isTrue();
    }

    @Test
    void theUnixSectionWithEveryKeyAndAPathRelativeToItsFile() throws ConfigException {
        RpcServerSettings s = rpc("""
            [unix_http_server]
            file = run/%(ENV_USER)s.sock
            chmod = 0o770
            chown = nobody:nogroup
            username = ops
            password = {SHA}5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8
            """);
        assertThat(s.unix())
                .isEqualTo(new RpcServerSettings.Unix(
                        dir.resolve("run/alice.sock"),
                        0770,
                        "nobody",
                        "nogroup",
                        new Credentials("ops", "{SHA}5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8")));
        assertThat(rpc("[unix_http_server]\nfile = %(here)s/a.sock\nchmod = 766\nchown = 1000\n")
                        .unix())
                .isEqualTo(new RpcServerSettings.Unix(dir.resolve("a.sock"), 0766, "1000", null, null));
    }

    @Test
    void theInetPortInSupervisordsForms() throws ConfigException {
        assertThat(rpc("[inet_http_server]\nport = 127.0.0.1:9001\n").inet())
                .isEqualTo(new RpcServerSettings.Inet("127.0.0.1", 9001, null));
        assertThat(rpc("[inet_http_server]\nport = 9001\n").inet())
                .isEqualTo(new RpcServerSettings.Inet("", 9001, null));
        assertThat(rpc("[inet_http_server]\nport = :9001\n").inet())
                .isEqualTo(new RpcServerSettings.Inet("", 9001, null));
        assertThat(rpc("[inet_http_server]\nport = *:0\n").inet()).isEqualTo(new RpcServerSettings.Inet("", 0, null));
        assertThat(rpc("[inet_http_server]\nport = LocalHost:9001\nusername = u\npassword = p\n")
                        .inet())
                .isEqualTo(new RpcServerSettings.Inet("localhost", 9001, new Credentials("u", "p")));
        assertThat(rpc("[inet_http_server]\nport = [::1]:9001\n").inet())
                .isEqualTo(new RpcServerSettings.Inet("::1", 9001, null));
    }

    @Test
    void anUnknownKeyIsAWarningWithTheNearestKeyAndTheFileLoads() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [unix_http_server]
            file = /run/sv.sock
            chmood = 0700
            [inet_http_server]
            port = 127.0.0.1:9001
            usernme = x
            """);
        assertThat(c.warnings())
                .containsExactly(
                        at(3)
                                + "[unix_http_server] chmood: unknown key, ignored as supervisord ignores it (did you"
                                + " mean 'chmod'? --strict or strict = true makes it an error)",
                        at(6)
                                + "[inet_http_server] usernme: unknown key, ignored as supervisord ignores it (did you"
                                + " mean 'username'? --strict or strict = true makes it an error)");
        assertThat(c.daemon().rpc().unix().chmod()).isEqualTo(0700);
    }

    @Test
    void aKeyOfTheOtherSectionIsUnknownHere() throws ConfigException {
        assertThat(TestConfigs.load(dir, "[inet_http_server]\nport = 9001\nchmod = 0700\n")
                        .warnings())
                .containsExactly(at(3) + "[inet_http_server] chmod: unknown key, ignored as supervisord ignores it"
                        + " (nearest known key: 'port'; --strict or strict = true makes it an error)");
    }

    @Test
    void requiredKeysBadValuesAndHalfCredentialsAreErrors() {
        assertThat(TestConfigs.errors(dir, """
            [unix_http_server]
            chmod = 0800
            username = ops
            [inet_http_server]
            port = localhost:http
            password = pw
            """))
                .containsExactlyInAnyOrder(
                        at(1) + "[unix_http_server] file: is required but missing (allowed: file = a socket path (up"
                                + " to 107 bytes), relative to the file that holds it)",
                        at(2) + "[unix_http_server] chmod: '0800' is not an octal mode (allowed: octal digits from 0"
                                + " to 777, like 0700 or 0770)",
                        at(3) + "[unix_http_server] username: is set without password (allowed: both username and"
                                + " password, or neither)",
                        at(5) + "[inet_http_server] port: 'localhost:http' has no valid port (allowed: host:port or"
                                + " port, the port from 0 to 65535 (0: a free one), like 127.0.0.1:9001)",
                        at(6) + "[inet_http_server] password: is set without username (allowed: both username and"
                                + " password, or neither)");
        assertThat(TestConfigs.errors(dir, "[inet_http_server]\nusername = a:b\npassword = x\n"))
                .contains(at(1) + "[inet_http_server] port: is required but missing (allowed: port = host:port or port,"
                        + " the port from 0 to 65535 (0: a free one), like 127.0.0.1:9001)")
                .anyMatch(e -> e.startsWith(at(2)) && e.contains("is not a user name"));
        assertThat(TestConfigs.errors(dir, "[unix_http_server]\nfile = /x\nchown = a:b:c\n"))
                .containsExactly(at(3) + "[unix_http_server] chown: 'a:b:c' is not an owner (allowed: user or"
                        + " user:group, names or ids, like nobody:nogroup or 1000:1000)");
    }

    @Test
    void aShaPasswordNoPasswordCanMatchIsWarnedAbout() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "[unix_http_server]\nfile = /x\nusername = u\npassword = {SHA}abc\n");
        assertThat(c.warnings())
                .containsExactly(at(4) + "[unix_http_server] password: {SHA} is not followed by 40 hex digits: no"
                        + " password matches it (allowed: {SHA} and the hex SHA-1 of the password, like the output"
                        + " of: printf %s PASSWORD | sha1sum)");
    }

    @Test
    void thePasswordNeverShowsInTheSettingsText() throws ConfigException {
        RpcServerSettings s = rpc("[unix_http_server]\nfile = /x\nusername = u\npassword = hunter2\n");
        assertThat(s.toString()).doesNotContain("hunter2").contains("Credentials[u]");
    }

    @Test
    void theDaemonsOwnLoadSeesTheServersToo() throws ConfigException {
        TestConfigs.write(dir, "main.conf", "[unix_http_server]\nfile = sv.sock\n[supervisorctl]\n");
        assertThat(new ConfigLoader(TestConfigs.inputs(dir))
                        .loadDaemon(dir.resolve("main.conf"))
                        .rpc()
                        .unix()
                        .file())
                .isEqualTo(dir.resolve("sv.sock"));
    }

    @Test
    void helpConfigDescribesTheServerKeys() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        assertThat(KeyTables.help("chmod", new java.io.PrintStream(out), new java.io.PrintStream(err)))
                .isZero();
        assertThat(out.toString())
                .startsWith("chmod: a key of [unix_http_server]")
                .contains("default:   0700", "on reload: applies at the daemon's next start");
        out.reset();
        assertThat(KeyTables.help("username", new java.io.PrintStream(out), new java.io.PrintStream(err)))
                .isZero();
        assertThat(out.toString()).startsWith("username: a key of [unix_http_server], [inet_http_server]");
    }
}
