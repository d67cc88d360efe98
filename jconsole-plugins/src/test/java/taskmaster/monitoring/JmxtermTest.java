package taskmaster.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProcessState;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/** A generic JMX command-line client (jmxterm 1.0.4, non-interactive) against the daemon's RMI port. */
class JmxtermTest {

    @Test
    void listsTheBeansReadsAStateAndRestartsAProcess(@TempDir Path dir) throws Exception {
        try (TestDaemon daemon = TestDaemon.in(dir)
                        .jolokiaOff()
                        .jmx(TestDaemon.JMX_USERS)
                        .jvm(List.of("-Xmx128m"))
                        .programs("[web]\ncmd = sleep 100000\nstarttime = 0\nstoptime = 2\n")
                        .start()
                        .awaitJmx();
                JMXConnector jmx = daemon.connect()) {
            ProcessMXBean web = JMX.newMXBeanProxy(
                    jmx.getMBeanServerConnection(), ObjectNames.process("web", "web"), ProcessMXBean.class);
            org.awaitility.Awaitility.await()
                    .atMost(TestDaemon.BOUND)
                    .until(() -> web.getState() == ProcessState.RUNNING);
            long before = web.getPid();
            String bean = "taskmaster:type=Process,program=web,name=web";
            String script = String.join(
                    "\n",
                    "beans -d taskmaster",
                    "get -s -b " + bean + " State",
                    "run -b " + bean + " restart",
                    "get -s -b " + bean + " State Pid",
                    "");
            Process p = new ProcessBuilder(
                            Tools.java(),
                            "-Xmx64m",
                            "-jar",
                            Tools.tool("jmxterm-uber.jar").toString(),
                            "-l",
                            daemon.hostPort,
                            "-u",
                            TestDaemon.JMX_USER,
                            "-p",
                            TestDaemon.JMX_PASSWORD,
                            "-n",
                            "-v",
                            "silent")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jmxterm.out").toFile())
                    .start();
            try {
                p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                assertThat(p.waitFor(TestDaemon.BOUND.toSeconds(), TimeUnit.SECONDS))
                        .isTrue();
            } finally {
                Procs.kill(p);
            }
            List<String> out = Files.readAllLines(dir.resolve("jmxterm.out"));
            assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
            assertThat(out)
                    .contains(
                            "taskmaster:name=web,program=web,type=Process",
                            "taskmaster:name=web,type=Program",
                            "taskmaster:type=Supervisor");
            long after = web.getPid();
            assertThat(after).isNotEqualTo(before).isPositive();
            assertThat(web.getState()).isEqualTo(ProcessState.RUNNING);
            // State before, the operation's Result, then State and the new pid.
            int first = out.indexOf("RUNNING");
            assertThat(first).isPositive();
            assertThat(out.subList(first + 1, out.size()))
                    .contains("  name = web;", "  ok = true;", "RUNNING", Long.toString(after));
        }
    }
}
