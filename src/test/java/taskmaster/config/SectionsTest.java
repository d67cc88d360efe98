package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;

/** Include, groups, ignored and unsupported sections, daemon settings, users, summaries. */
class SectionsTest {
    @TempDir
    Path dir;

    private String at(String file, int line) {
        return dir.resolve(file) + ":" + line + ": ";
    }

    @Test
    void includeGlobsAreRelativeToTheIncludingFileSortedAndRecursive() throws ConfigException {
        TestConfigs.write(dir, "conf.d/b.conf", "[b]\ncmd = echo %(here)s\n[include]\nfiles = ../more/*.ini\n");
        TestConfigs.write(dir, "conf.d/a.conf", "[a]\ncmd = x\n");
        TestConfigs.write(dir, "conf.d/skip.txt", "[skip]\ncmd = x\n");
        TestConfigs.write(dir, "more/c.ini", "[c]\ncmd = x\n[a]\nautostart = false\n");
        Configuration c = TestConfigs.load(dir, "[include]\nfiles = conf.d/*.conf nothing/*.conf\n");
        assertThat(c.files())
                .containsExactly(
                        dir.resolve("main.conf"),
                        dir.resolve("conf.d/a.conf"),
                        dir.resolve("conf.d/b.conf"),
                        dir.resolve("more/c.ini"));
        assertThat(c.programsByName()).containsOnlyKeys("a", "b", "c");
        assertThat(c.programsByName().get("b").template().argv())
                .containsExactly("echo", dir.resolve("conf.d").toString());
        assertThat(c.programsByName().get("a").template().autostart()).isFalse();
        assertThat(c.programsByName().get("c").origin()).isEqualTo(dir.resolve("more/c.ini") + ":1");
        assertThat(c.warnings())
                .containsExactly(at("main.conf", 2) + "[include] files: no file matches"
                        + " 'nothing/*.conf' (allowed: globs relative to " + dir + ")");
    }

    @Test
    void includeErrorsNameTheIncludedFile() {
        TestConfigs.write(dir, "inc/x.conf", "[x]\ncmd = x\nnumprocs = lots\n");
        assertThat(TestConfigs.errors(dir, "[include]\nfiles = inc/x.conf\n"))
                .containsExactlyInAnyOrder(at("inc/x.conf", 3)
                        + "[x] numprocs: 'lots' is not a whole number (allowed: an integer from 1 to 1000)");
        // The unknown key is a warning now (supervisord ignores it): SupervisordKeysTest.
        assertThat(TestConfigs.errors(dir, "[include]\nfile = x\n"))
                .containsExactlyInAnyOrder(at("main.conf", 1)
                        + "[include] files: is required but missing (allowed: files = space-separated globs,"
                        + " relative to " + dir + ")");
    }

    @Test
    void includeCyclesStop() throws ConfigException {
        TestConfigs.write(dir, "b.conf", "[b]\ncmd = x\n[include]\nfiles = main.conf b.conf\n");
        Configuration c = TestConfigs.load(dir, "[a]\ncmd = x\n[include]\nfiles = *.conf\n");
        assertThat(c.files()).containsExactly(dir.resolve("main.conf"), dir.resolve("b.conf"));
    }

    @Test
    void groups() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [group:g]
            programs = a, b
            priority = 1
            [program:a]
            command = x
            priority = 5
            [b]
            cmd = y
            [c]
            cmd = z
            """);
        assertThat(c.programs())
                .extracting(ProgramSpec::name, ProgramSpec::group, ProgramSpec::priority)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "g", 5),
                        org.assertj.core.groups.Tuple.tuple("b", "g", 999),
                        org.assertj.core.groups.Tuple.tuple("c", "c", 999));
        assertThat(c.processes()).extracting(ProcessSpec::group).containsExactly("g", "g", "c");
    }

    @Test
    void groupErrors() {
        assertThat(TestConfigs.errors(dir, """
            [group:g]
            programs = a,nope
            [group:h]
            programs = a

            [group:bad name]
            [a]
            cmd = x
            """))
                .containsExactlyInAnyOrder(
                        at("main.conf", 2) + "[group:g] programs: unknown program 'nope' (allowed: a)",
                        at("main.conf", 4)
                                + "[group:h] programs: program 'a' is already in group 'g' (allowed: one group per"
                                + " program)",
                        at("main.conf", 6)
                                + "[group:bad name] 'bad name' is not a valid group name (allowed: letters, digits,"
                                + " '_', '.' and '-')",
                        at("main.conf", 6)
                                + "[group:bad name] programs: is required but missing (allowed: programs = a"
                                + " comma-separated list of programs)");
    }

    @Test
    void ignoredSectionsWarnOnceEach() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [unix_http_server]
            file = /tmp/x.sock
            chmod = 0700
            [inet_http_server]
            port = 9001
            [supervisorctl]
            serverurl = unix:///tmp/x.sock
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            [rpcinterface:twiddler]
            supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface
            [ctlplugin:quick]
            supervisor.ctl_factory = supervisor_quick:make_quick_controllerplugin
            [eventlistener:mem]
            command = memmon
            events = TICK_60
            [unix_http_server]
            chown = me
            """);
        String ignored = "ignored: a Python plugin, which taskmasterd cannot load (supervisord's own XML-RPC"
                + " interface is built in)";
        // The server sections are read (ServerSectionsTest); the client's section and supervisord's own
        // interface are boilerplate and pass silently; only Python plugins get a warning.
        assertThat(c.warnings())
                .containsExactly(
                        at("main.conf", 10) + "[rpcinterface:twiddler] " + ignored,
                        at("main.conf", 12) + "[ctlplugin:quick] " + ignored);
        // An event listener is no ignored section: it runs, as a program.
        assertThat(c.programs())
                .singleElement()
                .satisfies(p -> assertThat(p.isListener()).isTrue());
    }

    /** [fcgi-program:x] is a warning now, so that the rest of a supervisord file loads: SupervisordKeysTest. */
    @Test
    void unsupportedSections() {
        assertThat(TestConfigs.errors(dir, "[fcgi-program:f]\ncommand = x\n[porgram:x]\ncommand = y\n"))
                .containsExactly(
                        at("main.conf", 3) + "[porgram:x] unknown section type 'porgram:' (did you mean 'program:'?)");
    }

    @Test
    void daemonDefaults() throws ConfigException {
        DaemonSettings d = TestConfigs.load(dir, "").daemon();
        assertThat(d.logfile()).isNull();
        assertThat(d.logfileMaxBytes()).isEqualTo(50L << 20);
        assertThat(d.logfileBackups()).isEqualTo(10);
        assertThat(d.loglevel()).isEqualTo("INFO");
        assertThat(d.pidfile()).isNull();
        assertThat(d.childlogdir()).isEqualTo(dir);
        assertThat(d.environment()).isEmpty();
        assertThat(d.umask()).isNull();
        assertThat(d.directory()).isNull();
        assertThat(d.nodaemon()).isFalse();
        assertThat(d.management()).isEmpty();
    }

    @Test
    void daemonSettingsFromEitherSection() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("policy.xml"), "<restrict/>");
        Files.writeString(dir.resolve("ks.p12"), "not really a keystore");
        Configuration c = TestConfigs.load(dir, """
            [supervisord]
            logfile = logs/taskmasterd.log
            logfile_maxbytes = 1MB
            logfile_backups = 2
            loglevel = blather
            minfds = 1024
            identifier = x
            [taskmasterd]
            pidfile = %(here)s/tm.pid
            childlogdir = logs
            environment = A=1,B="two words"
            umask = 027
            directory = /tmp
            nodaemon = true
            jolokia = true
            jolokia_port = 8778
            jolokia_policy = policy.xml
            jolokia_keystore = ks.p12
            jolokia_keystore_password = changeit
            jmx_users = %(ENV_USER)s:pw:readonly
            """);
        DaemonSettings d = c.daemon();
        assertThat(d.logfile()).isEqualTo(dir.resolve("logs/taskmasterd.log"));
        assertThat(d.logfileMaxBytes()).isEqualTo(1 << 20);
        assertThat(d.logfileBackups()).isEqualTo(2);
        assertThat(d.loglevel()).isEqualTo("TRACE");
        assertThat(d.pidfile()).isEqualTo(dir.resolve("tm.pid"));
        assertThat(d.childlogdir()).isEqualTo(dir.resolve("logs"));
        assertThat(d.environment()).containsOnly(java.util.Map.entry("A", "1"), java.util.Map.entry("B", "two words"));
        assertThat(d.umask()).isEqualTo(027);
        assertThat(d.directory()).isEqualTo(Path.of("/tmp"));
        assertThat(d.nodaemon()).isTrue();
        assertThat(d.management())
                .containsOnly(
                        java.util.Map.entry("jolokia", "true"),
                        java.util.Map.entry("jolokia_port", "8778"),
                        java.util.Map.entry(
                                "jolokia_policy", dir.resolve("policy.xml").toString()),
                        java.util.Map.entry(
                                "jolokia_keystore", dir.resolve("ks.p12").toString()),
                        java.util.Map.entry("jolokia_keystore_password", "changeit"),
                        java.util.Map.entry("jmx_users", "alice:pw:readonly"));
        assertThat(c.warnings())
                .containsExactly(
                        at("main.conf", 6) + "[supervisord] minfds: ignored (taskmasterd has no use for it)",
                        at("main.conf", 7) + "[supervisord] identifier: ignored (taskmasterd has no use for it)");
    }

    @Test
    void daemonErrors() {
        assertThat(TestConfigs.errors(dir, """
            [taskmasterd]
            logfile = /nonexistent/x.log
            loglevel = loud
            childlogdir = /nonexistent
            nodaemon = perhaps
            logfil = x
            """))
                .containsExactlyInAnyOrder(
                        at("main.conf", 6) + "[taskmasterd] logfil: unknown key (did you mean 'logfile'?)",
                        at("main.conf", 2)
                                + "[taskmasterd] logfile: the directory '/nonexistent' of '/nonexistent/x.log' does not"
                                + " exist (allowed: a file in an existing directory, or NONE)",
                        at("main.conf", 3)
                                + "[taskmasterd] loglevel: 'loud' is not a log level (allowed: critical, error, warn,"
                                + " info, debug, trace, blather)",
                        at("main.conf", 4)
                                + "[taskmasterd] childlogdir: '/nonexistent' is not an existing directory (allowed: an"
                                + " existing directory)",
                        at("main.conf", 5)
                                + "[taskmasterd] nodaemon: 'perhaps' is not a boolean (allowed: true/false, yes/no,"
                                + " on/off, 1/0)");
    }

    @Test
    void managementKeysAreCheckedAtLoad() {
        assertThat(TestConfigs.errors(dir, """
            [taskmasterd]
            jolokia = maybe
            jolokia_port = 99999
            jolokia_policy = missing.xml
            jolokia_user = admin
            jmx_port = http
            jmx_users = alice:pw:admin
            jolokia_host = a b
            """))
                .containsExactlyInAnyOrder(
                        at("main.conf", 2)
                                + "[taskmasterd] jolokia: 'maybe' is not a boolean (allowed: true/false, yes/no,"
                                + " on/off, 1/0)",
                        at("main.conf", 3)
                                + "[taskmasterd] jolokia_port: '99999' is not a port (allowed: 0 to 65535; 0 picks a"
                                + " free port)",
                        at("main.conf", 4) + "[taskmasterd] jolokia_policy: '" + dir.resolve("missing.xml")
                                + "' does not exist (allowed: a readable file; relative paths are relative to the file"
                                + " that holds them)",
                        at("main.conf", 5)
                                + "[taskmasterd] jolokia_user: is set without jolokia_password (allowed: both"
                                + " jolokia_user and jolokia_password, or neither)",
                        at("main.conf", 6)
                                + "[taskmasterd] jmx_port: 'http' is not a port (allowed: 0 to 65535; off disables"
                                + " the connector, 0 picks a free port)",
                        at("main.conf", 7)
                                + "[taskmasterd] jmx_users: 'alice:...' is not a user entry (allowed: comma-separated"
                                + " user:password:access, access being readonly or readwrite, like"
                                + " alice:s3cret:readwrite,bob:pw:readonly)",
                        at("main.conf", 8)
                                + "[taskmasterd] jolokia_host: 'a b' is not a host (allowed: an address or host name,"
                                + " like 127.0.0.1, ::1 or 0.0.0.0)");
    }

    @Test
    void users() throws ConfigException {
        assertThat(TestConfigs.load(dir, "[w]\ncmd = x\nuser = 1000\n")
                        .processes()
                        .getFirst()
                        .user())
                .isEqualTo(TestConfigs.ALICE);
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = x\nuser = bob\n"))
                .containsExactly(at("main.conf", 3)
                        + "[w] user: 'bob' (uid 1001) cannot be used: taskmasterd runs as uid 1000, not root"
                        + " (allowed: your own user, or start taskmasterd as root)");
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = x\nuser = 4242\n"))
                .containsExactly(at("main.conf", 3)
                        + "[w] user: unknown user '4242' (allowed: a user name or uid listed in /etc/passwd)");
        Configuration asRoot = new ConfigLoader(TestConfigs.rootInputs(dir))
                .load(TestConfigs.write(dir, "root.conf", "[w]\ncmd = x\nuser = bob\n"));
        assertThat(asRoot.processes().getFirst().user()).isEqualTo(TestConfigs.BOB);
    }

    @Test
    void passwdFiles() {
        Path passwd = TestConfigs.write(
                dir,
                "passwd",
                "root:x:0:0:root:/root:/bin/bash\n" + "carol:x:1002:1002:Carol:/home/carol:/bin/sh\nbroken:x:y\n");
        Path group = TestConfigs.write(
                dir, "group", "root:x:0:\ncarol:x:1002:\nsudo:x:27:alice,carol\ndocker:x:999:carol\n");
        UserDirectory users = new PasswdUserDirectory(passwd, group);
        assertThat(users.byName("carol"))
                .contains(new taskmaster.model.UserSpec("carol", 1002, 1002, List.of(1002, 27, 999), "/home/carol"));
        assertThat(users.byUid(0)).map(taskmaster.model.UserSpec::name).contains("root");
        assertThat(users.byName("broken")).isEmpty();
    }

    @Test
    void summaries() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [web]
            cmd = python3 worker.py
            numprocs = 4
            [one]
            cmd = sleep 1
            autostart = false
            priority = 5
            """);
        assertThat(ProgramSummary.lines(c))
                .containsExactly(
                        "one: 1 process (one), no autostart, priority 5, cmd 'sleep 1'",
                        "web: 4 processes (web_00..web_03), autostart, priority 999, cmd 'python3 worker.py'");
    }
}
