package taskmaster.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of taskmasterctl's {@code main} in this JVM: its exit code and what it printed. */
record Run(int code, String out, String err) {

    static Run of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Run(code, out.toString(), err.toString());
    }

    static Run at(String url, String... args) {
        return of(Map.of("TASKMASTER_URL", url), args);
    }
}
