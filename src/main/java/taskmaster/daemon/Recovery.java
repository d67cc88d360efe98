package taskmaster.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;
import taskmaster.os.Pidfd;
import taskmaster.os.ProcStat;

/**
 * At start, before anything is spawned: stops what the previous daemon left running when it died
 * without stopping its children (see {@link StateFile}).
 *
 * <p>A recorded child is trusted only when a process with its pid has its start time, in the boot
 * the file was written in: a pid alone may be anyone's by now, and is never signalled. Processes
 * that stayed in a recorded child's process group (grandchildren, often alive after their leader
 * died) are stopped with it. Such a member is trusted when the group's leader is alive and
 * verified (the kernel does not hand out a pid, hence a pgid, while a process still uses it as its
 * group), or, the leader gone and no other process owning the group's number as its pid, when it
 * started after the leader and carries the leader's SUPERVISOR_PROCESS_NAME in its environment.
 * (What that cannot tell apart: the leftovers of another daemon's process of the same name, whose
 * group got the same number after ours had ended entirely and whose own leader has ended too.)
 * Every signal goes through a pidfd opened on the
 * process and checked against its start time afterwards, so it cannot land on a process that got
 * the pid in between.
 *
 * <p>Each group is stopped as its program's configuration says (stop signal, stoptime, then
 * SIGKILL), or with SIGTERM, 10 s, SIGKILL when the program is not configured any more. The stop
 * signal goes to the leader alone unless stopasgroup is set or the leader is gone; SIGKILL goes
 * to every member, since nothing may be left. All groups are stopped at once, and recovery waits
 * for the last of them, at most the longest stoptime plus {@value #KILL_GRACE_MS} ms.
 */
final class Recovery {

    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");
    static final String MARKER = "SUPERVISOR_PROCESS_NAME";
    static final int DEFAULT_STOP_SECONDS = 10;
    /** How long a process may take to vanish after SIGKILL (one in D state, for instance). */
    static final long KILL_GRACE_MS = 5_000;

    private static final long POLL_MS = 20;

    /** How a group is stopped. */
    record Stop(Signal signal, int seconds, boolean toGroup, boolean configured) {
        static Stop of(Map<String, ProcessSpec> configured, String process) {
            ProcessSpec p = configured.get(process);
            return p == null
                    ? new Stop(Signal.TERM, DEFAULT_STOP_SECONDS, true, false)
                    : new Stop(p.stopSignal(), p.stopSeconds(), p.stopAsGroup(), true);
        }

        String describe() {
            return signal.fullName() + ", SIGKILL after " + seconds + " s"
                    + (configured ? "" : " (no longer configured)");
        }
    }

    /** One recorded child's process group, being stopped. */
    private final class Group {
        final StateFile.Child leader;
        final Stop stop;
        final long deadline;
        final Map<Integer, Pidfd> members = new HashMap<>();
        final Set<Integer> stopSent = new HashSet<>();
        final Set<Integer> killSent = new HashSet<>();
        final Set<Integer> refused = new HashSet<>();
        boolean leaderAlive;
        boolean done;

        Group(StateFile.Child leader, Stop stop, long start) {
            this.leader = leader;
            this.stop = stop;
            this.deadline = start + TimeUnit.SECONDS.toNanos(stop.seconds());
        }

        void refresh(Map<Integer, ProcStat> byPid, Map<Integer, List<ProcStat>> byGroup) {
            int lpid = (int) leader.pid();
            ProcStat l = byPid.get(lpid);
            leaderAlive = l != null && !l.ended() && l.startTicks() == leader.startTicks();
            if (l != null && !l.ended() && !leaderAlive && refused.add(lpid)) {
                LOG.info(
                        "recovery: not signalling pid {}: it is not {} (started at tick {}, not {} as recorded;"
                                + " the pid was reused)",
                        lpid,
                        leader.name(),
                        l.startTicks(),
                        leader.startTicks());
            }
            for (Iterator<Map.Entry<Integer, Pidfd>> it = members.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, Pidfd> m = it.next();
                ProcStat now = byPid.get(m.getKey());
                if (now == null || now.ended() || now.pgrp() != leader.pgid()) {
                    m.getValue().close();
                    it.remove();
                }
            }
            // A live process whose pid is the pgid, not our verified leader, means the number was
            // reused and the group is someone else's now: none of its members is ours.
            ProcStat owner = byPid.get((int) leader.pgid());
            boolean takenOver = owner != null && !owner.ended() && !(owner.pid() == lpid && leaderAlive);
            for (ProcStat p : byGroup.getOrDefault((int) leader.pgid(), List.of())) {
                if (p.ended() || members.containsKey(p.pid()) || refused.contains(p.pid()) || p.pid() == self) {
                    continue;
                }
                boolean isLeader = p.pid() == lpid && leaderAlive;
                boolean trusted = isLeader
                        || !takenOver
                                && p.startTicks() >= leader.startTicks()
                                && (leaderAlive && leader.pgid() == leader.pid()
                                        || ProcStat.environmentHas(p.pid(), MARKER, leader.name()));
                if (!trusted) {
                    refused.add(p.pid());
                    LOG.info(
                            "recovery: not signalling pid {} in process group {}: nothing shows it is {}'s ({})",
                            p.pid(),
                            leader.pgid(),
                            leader.name(),
                            takenOver
                                    ? "the group's number now belongs to another process"
                                    : "its leader is gone and it does not carry " + MARKER + "=" + leader.name());
                    continue;
                }
                bind(p).ifPresent(fd -> {
                    members.put(p.pid(), fd);
                    found++;
                    LOG.warn(
                            "recovery: found {} pid {} ({} of process group {}), left running by taskmasterd pid {};"
                                    + " stopping it: {}",
                            leader.name(),
                            p.pid(),
                            isLeader ? "leader" : "member",
                            leader.pgid(),
                            daemonPid,
                            stop.describe());
                });
            }
        }

        void act(long now) {
            boolean kill = now - deadline >= 0;
            for (Map.Entry<Integer, Pidfd> m : members.entrySet()) {
                int pid = m.getKey();
                if (kill) {
                    if (killSent.add(pid)) {
                        if (m.getValue().signal(Signal.KILL.number())) {
                            LOG.warn(
                                    "recovery: killed: {} pid {} with SIGKILL, still up {} s after {}",
                                    leader.name(),
                                    pid,
                                    stop.seconds(),
                                    stop.signal().fullName());
                        }
                    }
                } else if (stop.toGroup() || !leaderAlive || pid == leader.pid()) {
                    if (stopSent.add(pid)) {
                        m.getValue().signal(stop.signal().number());
                    }
                }
            }
        }
    }

    private final long self;
    private final long daemonPid;
    private int found;

    private Recovery(long self, long daemonPid) {
        this.self = self;
        this.daemonPid = daemonPid;
    }

    /**
     * Finds and stops what the daemon that wrote {@code stateFile} left running. Never fails: a
     * missing, unreadable, corrupt or foreign file is logged and ignored.
     */
    static void run(Path stateFile, Configuration config, long self) {
        StateFile.State state;
        try {
            Optional<StateFile.State> s = StateFile.read(stateFile);
            if (s.isEmpty()) {
                LOG.info("recovery: no state file {}: nothing to recover", stateFile);
                return;
            }
            state = s.get();
        } catch (StateFile.CorruptException e) {
            LOG.warn("recovery: ignoring the state file {}: {}", stateFile, e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warn("recovery: ignoring the state file {}: cannot read it: {}", stateFile, e.toString());
            return;
        }
        String boot;
        try {
            boot = ProcStat.bootId();
        } catch (IOException e) {
            LOG.warn("recovery: ignoring the state file {}: cannot read this boot's id: {}", stateFile, e.getMessage());
            return;
        }
        if (!boot.equals(state.bootId())) {
            LOG.info(
                    "recovery: ignoring the state file {}: it is from another boot ({}), so none of its processes runs",
                    stateFile,
                    state.bootId());
            return;
        }
        if (state.children().isEmpty()) {
            LOG.info("recovery: the previous taskmasterd (pid {}) left no process running", state.daemonPid());
            return;
        }
        // The lock keeps a second daemon off this configuration; still, never stop a live daemon's children.
        Optional<ProcStat> writer = ProcStat.of(state.daemonPid());
        if (writer.isPresent() && !writer.get().ended() && writer.get().startTicks() == state.daemonStartTicks()) {
            LOG.warn(
                    "recovery: ignoring the state file {}: the taskmasterd that wrote it (pid {}) still runs",
                    stateFile,
                    state.daemonPid());
            return;
        }
        try {
            new Recovery(self, state.daemonPid()).stopAll(state, config);
        } catch (RuntimeException e) {
            LOG.error("recovery: failed: {}; starting anyway", e.toString());
        }
    }

    private void stopAll(StateFile.State state, Configuration config) {
        long start = System.nanoTime();
        List<Group> groups = new ArrayList<>();
        Set<Long> pgids = new HashSet<>();
        Map<String, ProcessSpec> configured = new HashMap<>();
        config.processes().forEach(p -> configured.put(p.name(), p));
        for (StateFile.Child c : state.children()) {
            if (pgids.add(c.pgid())) {
                groups.add(new Group(c, Stop.of(configured, c.name()), start));
            }
        }
        long last = groups.stream().mapToLong(g -> g.deadline).max().orElse(start)
                + TimeUnit.MILLISECONDS.toNanos(KILL_GRACE_MS);
        boolean first = true;
        while (true) {
            List<ProcStat> all = ProcStat.all();
            Map<Integer, ProcStat> byPid = new HashMap<>();
            Map<Integer, List<ProcStat>> byGroup = new HashMap<>();
            for (ProcStat p : all) {
                byPid.put(p.pid(), p);
                byGroup.computeIfAbsent(p.pgrp(), k -> new ArrayList<>()).add(p);
            }
            long now = System.nanoTime();
            boolean pending = false;
            for (Group g : groups) {
                if (g.done) {
                    continue;
                }
                g.refresh(byPid, byGroup);
                if (g.members.isEmpty()) {
                    g.done = true;
                    if (first) {
                        LOG.debug("recovery: {} pid {} is gone", g.leader.name(), g.leader.pid());
                    }
                    continue;
                }
                g.act(now);
                pending = true;
            }
            first = false;
            if (!pending) {
                break;
            }
            if (now - last >= 0) {
                for (Group g : groups) {
                    for (int pid : g.members.keySet()) {
                        LOG.error(
                                "recovery: gave up waiting: {} pid {} still runs {} ms after SIGKILL",
                                g.leader.name(),
                                pid,
                                KILL_GRACE_MS);
                    }
                    g.members.values().forEach(Pidfd::close);
                }
                break;
            }
            sleep();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (found == 0) {
            LOG.info(
                    "recovery: none of the {} process(es) the previous taskmasterd (pid {}) recorded still runs",
                    state.children().size(),
                    daemonPid);
        } else {
            LOG.warn(
                    "recovery: stopped {} process(es) left running by the previous taskmasterd (pid {}) in {} ms",
                    found,
                    daemonPid,
                    ms);
        }
    }

    /**
     * A pidfd on {@code p}, checked to be on the very process scanned: opened first, then the pid
     * looked at again. If the process had ended and the pid gone to another before the open, the
     * start time tells; if it ends after, the pidfd refers to the ended one and reaches nobody.
     */
    private static Optional<Pidfd> bind(ProcStat p) {
        Optional<Pidfd> fd = Pidfd.open(p.pid());
        if (fd.isEmpty()) {
            return fd;
        }
        Optional<ProcStat> again = ProcStat.of(p.pid());
        if (again.isPresent()
                && !again.get().ended()
                && again.get().startTicks() == p.startTicks()
                && again.get().pgrp() == p.pgrp()) {
            return fd;
        }
        fd.get().close();
        return Optional.empty();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("recovery: interrupted");
        }
    }
}
