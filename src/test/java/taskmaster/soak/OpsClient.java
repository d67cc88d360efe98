package taskmaster.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One of the soak's management clients: random start, stop, restart, signal, status and tail
 * requests over Jolokia, each checked for its answer, its faults and its latency.
 */
final class OpsClient implements Runnable {

    static final String SUPERVISOR = "taskmaster:type=Supervisor";
    /**
     * Reads wait for nothing (they answer from published snapshots), so no bound is documented;
     * the soak allows them this, before its margin, so that only a stall shows (not a busy box).
     */
    static final long READ_BOUND_MS = Long.getLong("soak.readBoundMs", 2_000);

    private static final String[] SIGNALS = {"HUP", "USR1", "USR2", "INT", "TERM", "KILL", "CONT", "STOP", "WINCH"};
    /** The faults each operation may legitimately answer under concurrent clients and reloads. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "start", Set.of("ALREADY_STARTED", "SPAWN_ERROR", "ABNORMAL_TERMINATION"),
            "stop", Set.of("NOT_RUNNING"),
            "restart", Set.of("SPAWN_ERROR", "ABNORMAL_TERMINATION"),
            "signal", Set.of("NOT_RUNNING"));

    private final Random r;
    private final SoakJolokia jolokia;
    private final InForce models;
    private final SoakTally tally;
    private final long marginMs;
    private final BooleanSupplier running;
    private final BooleanSupplier daemonAlive;

    OpsClient(
            Random r,
            SoakJolokia jolokia,
            InForce models,
            SoakTally tally,
            long marginMs,
            BooleanSupplier running,
            BooleanSupplier daemonAlive) {
        this.r = r;
        this.jolokia = jolokia;
        this.models = models;
        this.tally = tally;
        this.marginMs = marginMs;
        this.running = running;
        this.daemonAlive = daemonAlive;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            try {
                one();
                Thread.sleep(20 + r.nextInt(150));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void one() {
        int dice = r.nextInt(100);
        if (dice < 25) {
            status();
        } else if (dice < 45) {
            control("start", names());
        } else if (dice < 58) {
            control("stop", names());
        } else if (dice < 75) {
            control("restart", names());
        } else if (dice < 88) {
            control("signal", names());
        } else if (dice < 95) {
            tail();
        } else {
            programs();
        }
    }

    /** A random selection, mostly single processes, sometimes programs, groups, {@code all} or lists. */
    private String names() {
        SoakModel m = models.pending() != null && r.nextInt(5) == 0 ? models.pending() : models.current();
        List<SoakModel.Prog> progs = m.present();
        SoakModel.Prog p = progs.get(r.nextInt(progs.size()));
        // Races gather where the configuration just changed: the programs of the reload under way
        // (or the last one) get a good share of the operations.
        SoakModel latest = models.pending() != null ? models.pending() : models.current();
        List<SoakModel.Prog> hot = latest.touched();
        if (!hot.isEmpty() && r.nextInt(10) < (models.pending() != null ? 5 : 2)) {
            p = hot.get(r.nextInt(hot.size()));
        }
        int dice = r.nextInt(1000);
        if (dice < 5) {
            return "all";
        } else if (dice < 100) {
            return p.groupName() + ":*";
        } else if (dice < 150) {
            List<String> procs = p.processNames();
            return p.groupName() + ":" + procs.get(r.nextInt(procs.size()));
        } else if (dice < 300) {
            return p.name();
        } else if (dice < 400) {
            SoakModel.Prog q = progs.get(r.nextInt(progs.size()));
            return one(p) + "," + one(q);
        }
        return one(p);
    }

    private String one(SoakModel.Prog p) {
        List<String> procs = p.processNames();
        return procs.get(r.nextInt(procs.size()));
    }

    private void control(String verb, String names) {
        long bound = models.boundMs(verb, names);
        boolean certainBefore = models.certain(names);
        long markBefore = models.mark();
        String what = verb + " " + names;
        Object[] args =
                verb.equals("signal") ? new Object[] {names, SIGNALS[r.nextInt(SIGNALS.length)]} : new Object[] {names};
        if (verb.equals("signal")) {
            what = "signal " + names + " " + args[1];
        }
        long t = System.nanoTime();
        SoakJolokia.Reply reply;
        try {
            reply = jolokia.exec(SUPERVISOR, verb, Duration.ofMillis(bound + marginMs + 5_000), args);
        } catch (SoakJolokia.Unanswered e) {
            unanswered(what, bound, e);
            return;
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        boolean certain = certainBefore && models.certain(names);
        boolean duringReload = InForce.overlapped(markBefore, models.mark());
        tally.count("op." + verb);
        tally.latency(verb, ms);
        if (ms > bound + marginMs) {
            tally.violation(
                    "late",
                    what + " answered after " + ms + " ms; documented bound " + bound + " ms + margin " + marginMs
                            + " ms");
        }
        if (!wellFormed(what, reply)) {
            return;
        }
        if (reply.status() == 200) {
            if (!(reply.value() instanceof List<?> results)) {
                tally.violation("error", what + ": not a list of results: " + reply.body());
                return;
            }
            for (Object o : results) {
                Map<?, ?> res = (Map<?, ?>) o;
                if (Boolean.TRUE.equals(res.get("ok"))) {
                    tally.count("ok." + verb);
                    continue;
                }
                String fault = String.valueOf(res.get("fault"));
                tally.count("fault." + verb + "." + fault);
                if (fault.equals("TIMEOUT")) {
                    tally.violation(
                            "timeout",
                            what + ": " + res.get("name") + " TIMEOUT after " + ms + " ms: " + res.get("message"));
                } else if (fault.equals("BAD_NAME")) {
                    // A process that a reload overlapping the request removes answers BAD_NAME ("... is
                    // being removed"): right then, even for a program that stays (its numprocs may
                    // change), and wrong when no reload overlapped the request.
                    if (!duringReload) {
                        tally.violation(
                                "bad-name",
                                what + ": " + res.get("name") + " BAD_NAME with no reload under way: "
                                        + res.get("message"));
                    }
                } else if (!ALLOWED.get(verb).contains(fault)) {
                    tally.violation("fault", what + ": " + res.get("name") + " " + fault + ": " + res.get("message"));
                }
            }
            return;
        }
        String error = String.valueOf(reply.error());
        String fault = error.contains(":") ? error.substring(0, error.indexOf(':')) : error;
        tally.count("fault." + verb + "." + fault);
        if (fault.equals("BAD_NAME") && "java.lang.IllegalArgumentException".equals(reply.errorType())) {
            if (certain) {
                tally.violation(
                        "bad-name", what + ": BAD_NAME though every name is configured before and after: " + error);
            }
        } else if (fault.equals("TIMEOUT")) {
            tally.violation("timeout", what + " after " + ms + " ms: " + error);
        } else {
            tally.violation("error", what + ": " + reply.errorType() + ": " + error);
        }
    }

    /** Shape checks common to every answer; false when there is nothing more to look at. */
    private boolean wellFormed(String what, SoakJolokia.Reply reply) {
        if (reply.stackTrace()) {
            tally.violation("stacktrace", what + ": the answer carries a stack trace: " + abbreviate(reply.body()));
        }
        if (reply.httpStatus() != 200 || reply.status() < 0) {
            tally.violation("protocol", what + ": HTTP " + reply.httpStatus() + ": " + abbreviate(reply.body()));
            return false;
        }
        return true;
    }

    private void unanswered(String what, long bound, SoakJolokia.Unanswered e) {
        tally.count("unanswered");
        if (daemonAlive.getAsBoolean()) {
            tally.violation("unanswered", what + ": " + e.getMessage() + " (documented bound " + bound + " ms)");
        }
    }

    /** Reads {@code Processes} and checks that each one's pid agrees with its state. */
    private void status() {
        List<Map<?, ?>> procs = readProcesses(jolokia, tally, marginMs, daemonAlive, "status");
        if (procs != null) {
            checkSnapshot(procs, tally);
        }
    }

    /** Reads {@code Processes}; null (after a violation when due) when the read failed. */
    static List<Map<?, ?>> readProcesses(
            SoakJolokia jolokia, SoakTally tally, long marginMs, BooleanSupplier daemonAlive, String kind) {
        Object v = read(jolokia, tally, marginMs, daemonAlive, kind, "Processes");
        if (!(v instanceof List<?> list)) {
            return null;
        }
        List<Map<?, ?>> out = new ArrayList<>();
        list.forEach(o -> out.add((Map<?, ?>) o));
        return out;
    }

    static Object read(
            SoakJolokia jolokia,
            SoakTally tally,
            long marginMs,
            BooleanSupplier daemonAlive,
            String kind,
            String attribute) {
        long t = System.nanoTime();
        SoakJolokia.Reply reply;
        try {
            reply = jolokia.read(SUPERVISOR, attribute, Duration.ofMillis(READ_BOUND_MS + marginMs + 5_000));
        } catch (SoakJolokia.Unanswered e) {
            tally.count("unanswered");
            if (daemonAlive.getAsBoolean()) {
                tally.violation("unanswered", "read " + attribute + ": " + e.getMessage());
            }
            return null;
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        tally.count("op." + kind);
        tally.latency(kind, ms);
        if (ms > READ_BOUND_MS + marginMs) {
            tally.violation(
                    "late",
                    "read " + attribute + " answered after " + ms + " ms; allowed " + READ_BOUND_MS + " ms + margin "
                            + marginMs + " ms");
        }
        if (reply.stackTrace()) {
            tally.violation("stacktrace", "read " + attribute + ": " + abbreviate(reply.body()));
        }
        if (!reply.ok()) {
            tally.violation(
                    "error", "read " + attribute + ": HTTP " + reply.httpStatus() + ": " + abbreviate(reply.body()));
            return null;
        }
        return reply.value();
    }

    /** A pid with a down state, none with a live one, or one pid for two processes: the view is inconsistent. */
    static void checkSnapshot(List<Map<?, ?>> procs, SoakTally tally) {
        Map<Long, String> byPid = new HashMap<>();
        for (Map<?, ?> p : procs) {
            String name = String.valueOf(p.get("name"));
            String state = String.valueOf(p.get("state"));
            long pid = ((Number) p.get("pid")).longValue();
            boolean live = state.equals("RUNNING") || state.equals("STOPPING");
            boolean down = state.equals("STOPPED")
                    || state.equals("EXITED")
                    || state.equals("FATAL")
                    || state.equals("BACKOFF");
            if ((live && pid <= 0) || (down && pid != 0)) {
                tally.violation("bad-snapshot", name + " is " + state + " with pid " + pid);
            }
            if (pid > 0) {
                String other = byPid.put(pid, name);
                if (other != null) {
                    tally.violation("duplicate-pid", "pid " + pid + " is both " + other + " and " + name);
                }
            }
        }
    }

    private void programs() {
        read(jolokia, tally, marginMs, daemonAlive, "programs", "Programs");
    }

    /** The end of a chatty process's stdout, which rotates under the read. */
    private void tail() {
        SoakModel m = models.current();
        List<SoakModel.Prog> chatty = m.present().stream().filter(m::tailable).toList();
        if (chatty.isEmpty()) {
            return;
        }
        SoakModel.Prog p = chatty.get(r.nextInt(chatty.size()));
        String name = one(p);
        boolean certainBefore = models.certain(name);
        String mbean = "taskmaster:type=Process,program=" + p.name() + ",name=" + name;
        long t = System.nanoTime();
        SoakJolokia.Reply reply;
        try {
            reply = jolokia.exec(mbean, "tailStdout", Duration.ofMillis(READ_BOUND_MS + marginMs + 5_000), 1600);
        } catch (SoakJolokia.Unanswered e) {
            unanswered("tailStdout " + name, READ_BOUND_MS, e);
            return;
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        boolean certain = certainBefore && models.certain(name);
        tally.count("op.tail");
        tally.latency("tail", ms);
        if (ms > READ_BOUND_MS + marginMs) {
            tally.violation("late", "tailStdout " + name + " answered after " + ms + " ms");
        }
        if (!wellFormed("tailStdout " + name, reply) || reply.status() == 200) {
            return;
        }
        tally.count("fault.tail." + reply.status());
        boolean badName = String.valueOf(reply.error()).startsWith("BAD_NAME:");
        if ((reply.status() == 404 || badName) && !certain) {
            return; // removed by a reload meanwhile (bean gone, or its process gone a moment before it)
        }
        tally.violation(
                "error", "tailStdout " + name + ": " + reply.status() + " " + reply.errorType() + ": " + reply.error());
    }

    static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
