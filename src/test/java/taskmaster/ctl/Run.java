package taskmaster.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import taskmaster.testing.TestDaemon;

/** One run of taskmasterctl's {@code main} in this JVM: its exit code and what it printed. */
record Run(int code, String out, String err) {

    static Run of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code taskmasterctl -c <the daemon's configuration> args}. */
    static Run ctl(TestDaemon d, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = d.conf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return of(Map.of(), all);
    }

    static Run at(String url, String... args) {
        return of(Map.of("TASKMASTER_URL", url), args);
    }
}
