package taskmaster.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The end of the soak: a quiet check that every steady program runs, then a reload and SIGTERM on top of it. */
final class Finale {

    private Finale() {}

    /**
     * Once the chaos stops, every program that runs until stopped is started, and all its
     * processes must be RUNNING, each on a live tagged pid, within the documented start bound: the
     * daemon lost none of them and none is stuck. Returns how long it took.
     */
    static long quiet(SoakJolokia jolokia, SoakModel m, ProcScan scan, SoakTally tally, long marginMs)
            throws InterruptedException {
        java.util.Set<SoakModel.Kind> steady = java.util.EnumSet.of(
                SoakModel.Kind.LONG, SoakModel.Kind.IGNORER, SoakModel.Kind.FORKER, SoakModel.Kind.CHATTY);
        List<SoakModel.Prog> progs =
                m.present().stream().filter(p -> steady.contains(p.kind())).toList();
        String names = progs.stream().map(SoakModel.Prog::name).collect(Collectors.joining(","));
        java.util.Set<String> want = new java.util.TreeSet<>();
        progs.forEach(p -> want.addAll(p.processNames()));
        long bound = m.boundMs("start", names);
        long t = System.nanoTime();
        try {
            SoakJolokia.Reply reply =
                    jolokia.exec(OpsClient.SUPERVISOR, "start", Duration.ofMillis(bound + marginMs + 5_000), names);
            if (!reply.ok() || !(reply.value() instanceof List<?> results)) {
                tally.violation("quiet", "start of the steady programs: " + OpsClient.abbreviate(reply.body()));
            } else {
                for (Object o : results) {
                    Map<?, ?> r = (Map<?, ?>) o;
                    if (!Boolean.TRUE.equals(r.get("ok")) && !"ALREADY_STARTED".equals(r.get("fault"))) {
                        tally.violation(
                                "quiet",
                                "start " + r.get("name") + " once quiet: " + r.get("fault") + ": " + r.get("message"));
                    }
                }
            }
        } catch (SoakJolokia.Unanswered e) {
            tally.violation("quiet", "start of the steady programs: " + e.getMessage());
        }
        long end = t + (bound + marginMs) * 1_000_000;
        java.util.Set<String> notYet = new java.util.TreeSet<>(want);
        while (true) {
            List<Map<?, ?>> procs = OpsClient.readProcesses(jolokia, tally, marginMs, () -> true, "status");
            java.util.Set<Long> alive =
                    scan.tagged().stream().map(ProcScan.Tagged::pid).collect(Collectors.toSet());
            if (procs != null) {
                notYet = new java.util.TreeSet<>(want);
                List<String> states = new ArrayList<>();
                for (Map<?, ?> p : procs) {
                    String name = String.valueOf(p.get("name"));
                    long pid = ((Number) p.get("pid")).longValue();
                    if ("RUNNING".equals(p.get("state")) && alive.contains(pid)) {
                        notYet.remove(name);
                    } else if (want.contains(name)) {
                        states.add(name + " " + p.get("state") + " pid " + pid
                                + (pid > 0 && !alive.contains(pid) ? " (no such process)" : ""));
                    }
                }
                if (notYet.isEmpty()) {
                    return (System.nanoTime() - t) / 1_000_000;
                }
                if (System.nanoTime() > end) {
                    tally.violation(
                            "not-running",
                            notYet.size() + " process(es) of programs that run until stopped"
                                    + " are not RUNNING " + (bound + marginMs) + " ms after a start once quiet: "
                                    + states
                                    + (notYet.size() > states.size() ? " missing from Processes: " + notYet : ""));
                    return (System.nanoTime() - t) / 1_000_000;
                }
            }
            Thread.sleep(200);
        }
    }

    /**
     * A last SIGHUP that gives every TERM ignorer a new command, and SIGTERM as soon as that reload
     * is under way (an operator's reload, then a shutdown): SIGTERM must not wait for the reload, nor
     * let it start anything again. Then the daemon must exit 0 within its documented bound, leaving
     * no tagged process. {@code termAt[0]} gets the wall-clock time of the SIGTERM.
     */
    static long shutdown(
            SoakDaemon daemon, ProcScan scan, InForce models, Random r, SoakTally tally, long marginMs, long[] termAt)
            throws Exception {
        List<String> changes = new ArrayList<>();
        SoakModel last = models.current().newCommands(r, SoakModel.Kind.IGNORER, changes);
        Path tmp = daemon.conf.resolveSibling("last.tmp");
        Files.writeString(tmp, last.render());
        Files.move(
                tmp,
                daemon.conf,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        daemon.log.poll();
        int from = daemon.log.size();
        models.begin(last);
        daemon.signal("HUP");
        long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (daemon.log.indexOf(from, Reloader.APPLIED + "|" + Reloader.REFUSED) < 0 && System.nanoTime() < seen) {
            ChaosSoakTest.pause(20);
            daemon.log.poll();
        }
        long bound = Math.max(last.shutdownBoundMs(), models.current().shutdownBoundMs());
        long t = System.nanoTime();
        termAt[0] = System.currentTimeMillis();
        daemon.signal("TERM");
        boolean exited = daemon.process.waitFor(bound + marginMs + 30_000, TimeUnit.MILLISECONDS);
        long ms = (System.nanoTime() - t) / 1_000_000;
        if (!exited) {
            tally.violation(
                    "shutdown-hung",
                    "taskmasterd still up " + ms + " ms after SIGTERM (bound " + bound + " ms)\n"
                            + daemon.reportTail());
            return ms;
        }
        if (ms > bound + marginMs) {
            tally.violation(
                    "shutdown-late",
                    "taskmasterd took " + ms + " ms to exit after SIGTERM; bound " + bound
                            + " ms (priority batches of stop times + 10 s) + margin " + marginMs + " ms");
        }
        if (daemon.process.exitValue() != 0) {
            tally.violation(
                    "exit-code",
                    "taskmasterd exited " + daemon.process.exitValue() + " after SIGTERM\n" + daemon.reportTail());
        }
        // Invariant (b): SIGKILLed groups may take a moment to leave /proc, nothing more.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<ProcScan.Tagged> left = scan.tagged();
        while (!left.isEmpty() && System.nanoTime() < end) {
            ChaosSoakTest.pause(100);
            left = scan.tagged();
        }
        if (!left.isEmpty()) {
            tally.violation(
                    "survivor", left.size() + " tagged process(es) alive 5 s after taskmasterd exited: " + left);
        }
        return ms;
    }
}
