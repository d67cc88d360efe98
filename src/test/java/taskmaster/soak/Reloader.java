package taskmaster.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * SIGHUPs with mutated files, valid or not, and SIGUSR2s after a logrotate-style move, one at a
 * time. After each reload it checks that the daemon now runs exactly the new configuration (or,
 * for a file with an error, exactly the old one).
 */
final class Reloader implements Runnable {

    static final String APPLIED = "reload: added \\[";
    static final String REFUSED = "error\\(s\\) in the configuration; nothing changed";
    static final String REOPENED = "received SIGUSR2: log files reopened";

    private final Random r;
    private final SoakDaemon daemon;
    private final SoakJolokia jolokia;
    private final InForce models;
    private final SoakTally tally;
    private final long marginMs;
    private final BooleanSupplier running;
    private int moved;

    Reloader(
            Random r,
            SoakDaemon daemon,
            SoakJolokia jolokia,
            InForce models,
            SoakTally tally,
            long marginMs,
            BooleanSupplier running) {
        this.r = r;
        this.daemon = daemon;
        this.jolokia = jolokia;
        this.models = models;
        this.tally = tally;
        this.marginMs = marginMs;
        this.running = running;
    }

    @Override
    public void run() {
        try {
            while (running.getAsBoolean()) {
                Thread.sleep(800 + r.nextInt(1_700));
                if (!running.getAsBoolean()) {
                    return;
                }
                int dice = r.nextInt(100);
                boolean ok;
                if (dice < 55) {
                    ok = valid();
                } else if (dice < 80) {
                    ok = broken();
                } else {
                    ok = usr2();
                }
                if (!ok) {
                    return; // the daemon no longer answers reloads: checking more would only repeat it
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            tally.violation("soak", "reloader: " + e);
        }
    }

    /** A reload waits for the stops of what it changes or removes: its bound is the longest stop time. */
    private long boundMs(SoakModel a, SoakModel b) {
        int worst = 0;
        for (SoakModel m : List.of(a, b)) {
            for (SoakModel.Prog p : m.present()) {
                worst = Math.max(worst, p.stopwaitsecs());
            }
        }
        return worst * 1000L + 10_000;
    }

    private boolean valid() throws IOException, InterruptedException {
        SoakModel current = models.current();
        List<String> changes = new ArrayList<>();
        SoakModel next = current.mutate(r, changes);
        models.begin(next);
        write(next.render());
        long bound = boundMs(current, next);
        String line = hup(bound, "valid reload (" + changes + ")");
        if (line == null) {
            return false;
        }
        tally.count("reload.valid");
        if (line.contains("nothing changed")) {
            tally.violation("reload-refused", "a valid file (" + changes + ") was refused: " + errorsSince());
            models.done(current);
            return true;
        }
        if (!awaitNotReloading(bound, "valid reload (" + changes + ")")) {
            return false;
        }
        verify(next, "after a valid reload (" + changes + ")");
        models.done(next);
        return true;
    }

    private boolean broken() throws IOException, InterruptedException {
        SoakModel current = models.current();
        List<String> what = new ArrayList<>();
        String text = current.renderBroken(r, what);
        write(text);
        long bound = boundMs(current, current);
        String line = hup(bound, "broken reload (" + what + ")");
        if (line == null) {
            return false;
        }
        tally.count("reload.invalid");
        if (!line.contains("nothing changed")) {
            tally.violation("broken-applied", "a file with an error (" + what + ") was applied: " + line);
            awaitNotReloading(bound, "broken reload");
            return false; // what is in force is unknown now
        }
        verify(current, "after a refused reload (" + what + ")");
        return true;
    }

    /** Sends SIGHUP and waits for the line that tells its outcome; null (after a violation) when none comes. */
    private String hup(long bound, String what) throws IOException, InterruptedException {
        daemon.log.poll();
        int from = daemon.log.size();
        long t = System.nanoTime();
        daemon.signal("HUP");
        String line = awaitLine(from, APPLIED + "|" + REFUSED, bound + marginMs + 60_000);
        long ms = (System.nanoTime() - t) / 1_000_000;
        tally.latency("sighup-seen", ms);
        if (line == null) {
            tally.violation("reload-stuck", what + ": no outcome in the event log " + ms + " ms after SIGHUP");
        }
        return line;
    }

    private boolean awaitNotReloading(long bound, String what) throws InterruptedException {
        long t = System.nanoTime();
        long end = t + (bound + marginMs + 60_000) * 1_000_000;
        // Not cut short when the chaos phase ends: the reload in progress must be seen through, or the
        // quiet check that follows would judge the daemon against the configuration it replaced.
        while (System.nanoTime() < end && daemon.alive()) {
            Object state = OpsClient.read(jolokia, tally, marginMs, daemon::alive, "state", "State");
            if (state != null && !state.equals("RELOADING")) {
                long ms = (System.nanoTime() - t) / 1_000_000;
                tally.latency("reload", ms);
                if (ms > bound + marginMs) {
                    tally.violation("reload-late", what + " took " + ms + " ms; bound " + bound + " ms + margin");
                }
                return true;
            }
            Thread.sleep(50);
        }
        if (daemon.alive()) {
            tally.violation("reload-stuck", what + ": still RELOADING after " + (bound + marginMs + 60_000) + " ms");
        }
        return false;
    }

    private boolean usr2() throws IOException, InterruptedException {
        List<Path> logs = models.current().chattyLogs();
        Path movedTo = null;
        if (!logs.isEmpty()) {
            Path p = logs.get(r.nextInt(logs.size()));
            if (Files.exists(p)) {
                movedTo = p.resolveSibling(p.getFileName() + ".moved-" + (moved++));
                try {
                    Files.move(p, movedTo);
                } catch (IOException gone) {
                    movedTo = null; // rotated away meanwhile
                }
            }
        }
        daemon.log.poll();
        int from = daemon.log.size();
        long t = System.nanoTime();
        daemon.signal("USR2");
        String line = awaitLine(from, REOPENED, 5_000 + marginMs);
        long ms = (System.nanoTime() - t) / 1_000_000;
        tally.count("usr2");
        tally.latency("sigusr2", ms);
        if (line == null) {
            tally.violation("usr2-late", "no '" + REOPENED + "' within " + ms + " ms of SIGUSR2");
        }
        if (movedTo != null) {
            Files.deleteIfExists(movedTo);
        }
        return true;
    }

    private String awaitLine(int from, String regex, long boundMs) throws InterruptedException {
        long end = System.nanoTime() + boundMs * 1_000_000;
        while (System.nanoTime() < end) {
            daemon.log.poll();
            List<String> found = daemon.log.matching(from, regex);
            if (!found.isEmpty()) {
                return found.getFirst();
            }
            if (!daemon.alive()) {
                return null;
            }
            Thread.sleep(50);
        }
        return null;
    }

    private String errorsSince() {
        List<String> errs = daemon.log.matching(Math.max(0, daemon.log.size() - 50), "config error:");
        return errs.toString();
    }

    /** The daemon's programs and processes are exactly those of {@code m}, with its settings. */
    private void verify(SoakModel m, String when) {
        Object v = OpsClient.read(jolokia, tally, marginMs, daemon::alive, "status", "Programs");
        List<Map<?, ?>> procs = OpsClient.readProcesses(jolokia, tally, marginMs, daemon::alive, "status");
        if (!(v instanceof List<?> programs) || procs == null) {
            return;
        }
        Map<String, String> want = new TreeMap<>();
        for (SoakModel.Prog p : m.present()) {
            want.put(
                    p.name(),
                    settings(
                            p.command(),
                            p.numprocs(),
                            p.priority(),
                            p.autostart(),
                            p.autorestart(),
                            p.exitcodes(),
                            p.startsecs(),
                            p.startretries(),
                            p.stopwaitsecs(),
                            p.groupName()));
        }
        Map<String, String> got = new TreeMap<>();
        for (Object o : programs) {
            Map<?, ?> p = (Map<?, ?>) o;
            List<?> codes = (List<?>) p.get("exitCodes");
            got.put(
                    String.valueOf(p.get("name")),
                    settings(
                            String.valueOf(p.get("command")),
                            num(p, "numprocs"),
                            num(p, "priority"),
                            Boolean.TRUE.equals(p.get("autostart")),
                            String.valueOf(p.get("autorestart")),
                            String.join(
                                    ",",
                                    codes.stream()
                                            .map(c -> String.valueOf(((Number) c).intValue()))
                                            .toList()),
                            num(p, "startSeconds"),
                            num(p, "startRetries"),
                            num(p, "stopSeconds"),
                            String.valueOf(p.get("group"))));
        }
        if (!want.equals(got)) {
            List<String> diff = new ArrayList<>();
            Set<String> all = new TreeSet<>(want.keySet());
            all.addAll(got.keySet());
            for (String name : all) {
                if (!String.valueOf(want.get(name)).equals(String.valueOf(got.get(name)))) {
                    diff.add(name + ": configured " + want.get(name) + ", daemon " + got.get(name));
                }
            }
            tally.violation("reload-mismatch", when + ": Programs differ: " + diff);
        }
        Set<String> names = new TreeSet<>();
        procs.forEach(p -> names.add(String.valueOf(p.get("name"))));
        if (!names.equals(m.processNames())) {
            Set<String> extra = new TreeSet<>(names);
            extra.removeAll(m.processNames());
            Set<String> missing = new TreeSet<>(m.processNames());
            missing.removeAll(names);
            tally.violation("reload-mismatch", when + ": Processes differ: extra " + extra + ", missing " + missing);
        }
    }

    private static int num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).intValue();
    }

    private static String settings(
            String command,
            int numprocs,
            int priority,
            boolean autostart,
            String autorestart,
            String exitcodes,
            int startsecs,
            int startretries,
            int stopwait,
            String group) {
        return "{" + command + " x" + numprocs + " prio " + priority + (autostart ? " auto" : " manual") + " restart="
                + autorestart + " codes=" + exitcodes + " start=" + startsecs + "/" + startretries + " stop=" + stopwait
                + " group=" + group + "}";
    }

    /** Written whole and renamed, so a reload never reads half a file. */
    private void write(String text) throws IOException {
        Path tmp = daemon.conf.resolveSibling(daemon.conf.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, daemon.conf, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
