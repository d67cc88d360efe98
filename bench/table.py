#!/usr/bin/env python3
"""table: every row of issue 14's table, taskmaster and supervisord side by side, one command.

    python3 bench/table.py                       # all rows, 3 reps, this tree against supervisord
    python3 bench/table.py --smoke               # self-test: N=5, 2 MB, 1 rep, short windows (< 60 s)
    python3 bench/table.py --reps 5 --rows 1,7,8 --taskmaster-home /path/to/other/build \
                           [--no-supervisord] [--out results.jsonl]
    python3 bench/table.py --report a.jsonl [b.jsonl ...]   # the table again from saved results

Each repetition runs, for each daemon in turn (taskmaster first, then supervisord, so the two
share the same minutes of a noisy machine), three sessions; every session is a fresh daemon with
a fresh config in a temporary directory:

  big    1000 `sleep 100000` programs (starttime 0, output discarded, stoptime 10, no restart).
         /proc only, no control call, from the Popen of the launcher: the first child seen exec'd
         (row 2) and all 1000 exec'd (row 1); 3 s unobserved, then the event log's first
         "spawned:" line (row 2). Then one full status per 0.5 s until all RUNNING, a 3 s settle,
         a 30 s idle window with no control call (row 11: daemon CPU over it), VmRSS and PSS at its
         end (row 3). Then 20 full status reads over the API, 50 ms apart (row 7: Jolokia read of
         taskmaster:type=Supervisor Processes / XML-RPC supervisor.getAllProcessInfo, one new
         connection each), one warm-up and 10 timed `taskmasterctl -c CONF status` /
         `supervisorctl -c CONF status` (row 8), and a stop of all (Jolokia exec stop("all") /
         stopAllProcesses) to every process STOPPED in a full status polled every 50 ms (row 9).
  small  10 such programs, autorestart on: first child exec'd and the daemon's CPU when all 10
         have exec'd (row 5, /proc only); all RUNNING, 3 s settle, 30 s idle (row 10), VmRSS and
         PSS (row 4); then 10 × kill -9 of one child, 0.3 s apart, to its replacement seen exec'd
         in /proc (row 12).
  log    one program writing 200 MB of 100-byte lines to stdout (`yes … | head -c`), captured to a
         file rotated at 50MB with 3 backups (every byte fits). The producer waits for a file
         before it starts, so no control call is made; it stamps its own start and end. Row 6:
         its wall time, and the daemon's CPU from the go to every byte in the files. Baseline:
         the same producer `> file`, no supervisor.

Rows (--rows): 1 all exec'd (1000), 2 first spawn, 3 RSS 1000, 4 RSS 10, 5 CPU until 10 exec'd,
6 200 MB captured, 7 API status of 1000, 8 CLI status of 1000, 9 stop of 1000, 10 idle CPU 10,
11 idle CPU 1000, 12 restart after kill -9. A session runs only if one of its rows is asked for.

"The daemon's children" excludes taskmaster's orphan guard: a `sh -c '…' taskmaster-guard` child
that every taskmaster daemon has (src/main/java/taskmaster/os/ChildGuard.java). It is recognised
by its argv holding `taskmaster-guard`, never counted as a program, and its pid is recorded.

Measured: the daemon is the JVM (bin/taskmasterd execs java; a java process below it is taken
if it does not) or the supervisord Python process. CPU is utime+stime from /proc/PID/stat (10 ms
ticks, children not counted). Medians over reps; rows 7, 8 and 12 pool every sample of every
rep. Ratio = taskmaster / supervisord (below 1: taskmaster is faster or smaller). The load
average is recorded at the start and end of every session.

Cleanup: every process started carries BENCH_TAG=<tag> in its environment; this script is a
child subreaper (PR_SET_CHILD_SUBREAPER); after each session the daemon gets SIGTERM (then
SIGKILL), and every live process with the tag is SIGKILLed by pid and reaped. Every wait has a
timeout. Jolokia binds port 0 on 127.0.0.1 (its URL and secret are read from the pid file's
.url/.secret), supervisord a unix socket in the temporary directory. Python 3.11 stdlib only.
"""
import argparse
import base64
import http.client
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import xmlrpc.client
from pathlib import Path

import benchproc as bp

ROOT = Path(__file__).resolve().parents[1]
GUARD_MARK = b"taskmaster-guard"
MB = 1024 * 1024
mono = time.monotonic


class NotUp(OSError):
    """The control interface does not answer yet (no URL file, connection refused, no beans)."""


class Prog:
    def __init__(self, name, cmd, autorestart=False, stdout=None):
        self.name, self.cmd, self.autorestart, self.stdout = name, cmd, autorestart, stdout


# ---------------------------------------------------------------------------------------------
# the two daemons: config, launch, one full status, stop all, CLI status
# ---------------------------------------------------------------------------------------------
class Taskmaster:
    name = "taskmaster"

    def __init__(self, home, work, env):
        self.home, self.work, self.env = Path(home), Path(work), env
        self.conf = self.work / "taskmaster.conf"
        self.log = self.work / "taskmasterd.log"
        self.pidfile = self.work / "taskmasterd.pid"
        self.proc = None
        self._jvm = None
        self._auth = None

    def write_config(self, progs):
        L = ["[taskmasterd]", f"logfile = {self.log}", "logfile_maxbytes = 0",
             f"pidfile = {self.pidfile}", "jolokia_host = 127.0.0.1", "jolokia_port = 0", ""]
        for p in progs:
            L += [f"[{p.name}]", f"cmd = {p.cmd}", "starttime = 0", "stoptime = 10",
                  f"autorestart = {'true' if p.autorestart else 'false'}"]
            if p.stdout:
                L += [f"stdout = {p.stdout}", "stdout_maxbytes = 50MB", "stdout_backups = 3",
                      "stderr = NONE"]
            else:
                L += ["stdout = NONE", "stderr = NONE"]
            L.append("")
        self.conf.write_text("\n".join(L))

    def launch(self):
        out = open(self.work / "console.out", "wb")
        self.proc = subprocess.Popen([str(self.home / "bin/taskmasterd"), "-n", "-c", str(self.conf)],
                                     env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                                     stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
        out.close()

    def measured_pid(self):
        """The JVM's pid once known, else None: the launcher's own pid after it exec'd java, or a
        java process below it."""
        if self._jvm:
            return self._jvm
        pid = self.proc.pid
        if bp.exe_name(pid).startswith("java"):
            self._jvm = pid
        else:
            for k in sorted(bp.children(pid)):
                if bp.exe_name(k).startswith("java"):
                    self._jvm = k
        return self._jvm

    def _request(self, payload, timeout=60):
        url_file = Path(f"{self.pidfile}.url")
        if not url_file.exists():
            raise NotUp("no Jolokia URL file yet")
        if self._auth is None:
            secret = Path(f"{self.pidfile}.secret").read_text().strip()
            self._auth = "Basic " + base64.b64encode(secret.encode()).decode()
        req = urllib.request.Request(url_file.read_text().strip(), data=json.dumps(payload).encode(),
                                     headers={"Authorization": self._auth,
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                body = json.loads(r.read())
        except urllib.error.HTTPError as e:
            raise NotUp(f"Jolokia HTTP {e.code}") from None
        except urllib.error.URLError as e:
            raise NotUp(f"Jolokia: {e.reason}") from None
        if body.get("status") != 200:
            if body.get("status") == 404 or "InstanceNotFound" in str(body.get("error_type")):
                raise NotUp("beans not registered yet")
            raise RuntimeError(f"Jolokia: {body.get('error')}")
        return body["value"]

    def status(self):
        v = self._request({"type": "read", "mbean": "taskmaster:type=Supervisor", "attribute": "Processes"})
        return {r["name"]: str(r["state"]).upper() for r in v}

    def stop_all(self):
        self._request({"type": "exec", "mbean": "taskmaster:type=Supervisor", "operation": "stop",
                       "arguments": ["all"]}, timeout=300)

    def cli_argv(self):
        return [str(self.home / "bin/taskmasterctl"), "-c", str(self.conf), "status"]


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self._path)
        self.sock = s


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path, timeout):
        super().__init__()
        self._path, self._timeout = path, timeout

    def make_connection(self, host):  # a new connection per call, as supervisorctl does
        return _UnixHTTPConnection(self._path, self._timeout)


class Supervisord:
    name = "supervisord"

    def __init__(self, home, work, env):
        self.work, self.env = Path(work), env
        self.bin = shutil.which("supervisord") or "/usr/bin/supervisord"
        self.ctl = shutil.which("supervisorctl") or "/usr/bin/supervisorctl"
        self.conf = self.work / "supervisord.conf"
        self.sock = self.work / "supervisor.sock"
        self.log = self.work / "supervisord.log"
        self.proc = None

    def write_config(self, progs):
        L = ["[unix_http_server]", f"file={self.sock}", "chmod=0700", "",
             "[supervisord]", f"logfile={self.log}", "logfile_maxbytes=0", "loglevel=info",
             f"pidfile={self.work / 'supervisord.pid'}", f"childlogdir={self.work}", "nodaemon=true",
             "silent=true", "minfds=1024", "minprocs=200", "",
             "[rpcinterface:supervisor]",
             "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
             "[supervisorctl]", f"serverurl=unix://{self.sock}", ""]
        for p in progs:
            L += [f"[program:{p.name}]", f"command={p.cmd}", "autostart=true", "startsecs=0",
                  "stopwaitsecs=10", f"autorestart={'true' if p.autorestart else 'false'}",
                  "redirect_stderr=false", "stderr_logfile=NONE"]
            if p.stdout:
                L += [f"stdout_logfile={p.stdout}", "stdout_logfile_maxbytes=50MB",
                      "stdout_logfile_backups=3"]
            else:
                L += ["stdout_logfile=NONE"]
            L.append("")
        self.conf.write_text("\n".join(L))

    def launch(self):
        out = open(self.work / "console.out", "wb")
        self.proc = subprocess.Popen([self.bin, "-n", "-c", str(self.conf)], env=self.env,
                                     stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                     cwd=str(self.work), start_new_session=True, close_fds=True)
        out.close()

    def measured_pid(self):
        return self.proc.pid  # /usr/bin/supervisord is a Python script: the kernel execs python

    def _rpc(self, timeout=60):
        if not self.sock.exists():
            raise NotUp("no socket yet")
        return xmlrpc.client.ServerProxy("http://localhost",
                                         transport=_UnixTransport(str(self.sock), timeout))

    def status(self):
        return {i["name"]: i["statename"] for i in self._rpc().supervisor.getAllProcessInfo()}

    def stop_all(self):
        self._rpc(timeout=300).supervisor.stopAllProcesses(True)

    def cli_argv(self):
        return [self.ctl, "-c", str(self.conf), "status"]


DAEMONS = {"taskmaster": Taskmaster, "supervisord": Supervisord}

# One line format in both event logs: "2026-12-01 21:13:45.762 INFO  spawned: 'p0' with pid 21175"
# (supervisord writes ",762").
SPAWNED = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)[.,](\d{3}) +\w+ +spawned: '([^']+)' with pid (\d+)",
                     re.M)


def log_spawn_times(log):
    """Wall-clock times of the "spawned:" lines of the daemon's event log (local time, ms)."""
    try:
        text = Path(log).read_text(errors="replace")
    except OSError:
        return []
    return [time.mktime(time.strptime(m[1], "%Y-%m-%d %H:%M:%S")) + int(m[2]) / 1000
            for m in SPAWNED.finditer(text)]


# ---------------------------------------------------------------------------------------------
# a session: one daemon, its temporary directory, and the cleanup
# ---------------------------------------------------------------------------------------------
class Session:
    def __init__(self, cls, home, label, progs, keep_on_error=True):
        self.tag = bp.new_tag(label)
        TAGS.append(self.tag)
        self.work = Path(tempfile.mkdtemp(prefix=f"tm-table-{cls.name}-{label}-"))
        self.d = cls(home, self.work, dict(os.environ, BENCH_TAG=self.tag))
        self.d.write_config(progs)
        self.progs = progs
        self.names = [p.name for p in progs]
        self.notes = []
        self.guards = set()
        self.keep_on_error = keep_on_error
        self.load_start = bp.loadavg()

    def __enter__(self):
        self.t0w = time.time()
        self.t0 = mono()
        self.d.launch()
        return self

    def pid(self, timeout=30):
        return bp.wait_for(self.d.measured_pid, timeout, 0.002, "the daemon's measured pid")

    def program_children(self, pid):
        """The daemon's children, without the orphan guard (argv holds taskmaster-guard). A child
        between fork and exec still has the daemon's argv: it stays in, as not exec'd yet."""
        out = []
        for k in bp.children(pid):
            if k in self.guards:
                continue
            if GUARD_MARK in b" ".join(bp.cmdline(k)):
                self.guards.add(k)
                continue
            out.append(k)
        return out

    def status_until(self, pred, timeout, poll, what):
        end = mono() + timeout
        last = None
        while True:
            try:
                last = self.d.status()
                if pred(last):
                    return last
            except OSError:
                pass
            if mono() > end:
                counts = {}
                for v in (last or {}).values():
                    counts[v] = counts.get(v, 0) + 1
                raise TimeoutError(f"{what}: not met within {timeout:.0f} s; last states {counts}")
            time.sleep(poll)

    def all_in(self, *states):
        return lambda st: all(st.get(n) in states for n in self.names)

    def __exit__(self, et, ev, tb):
        self.load_end = bp.loadavg()
        p = self.d.proc
        if p is not None and p.poll() is None:
            jvm = self.d.measured_pid() or p.pid
            try:
                os.kill(jvm, signal.SIGTERM)  # both daemons: SIGTERM stops every program and exits
                p.wait(120)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.notes.append("daemon did not exit within 120 s of SIGTERM: SIGKILL")
                p.kill()
                p.wait(10)
        left = bp.sweep(self.tag)
        if left:
            self.notes.append(f"{len(left)} tagged processes left after the daemon exited: SIGKILLed")
        if et is not None and self.keep_on_error:
            print(f"  (kept {self.work} for inspection)", file=sys.stderr)
        else:
            shutil.rmtree(self.work, ignore_errors=True)
        return False


TAGS = []


def cleanup_all():
    for t in TAGS:
        bp.sweep(t, timeout=5)


def sleep_progs(n, autorestart=False):
    return [Prog(f"p{i:04d}", "sleep 100000", autorestart) for i in range(n)]


def watch_exec(s, n, timeout):
    """/proc only, from the launch: (s to the first child seen exec'd, s to all n exec'd, daemon
    CPU then). A child counts once its argv[0] is sleep."""
    pid = s.pid()
    done, first = set(), None
    end = s.t0 + timeout
    while True:
        now = mono()
        kids = s.program_children(pid)
        for k in kids:
            if k not in done:
                argv = bp.cmdline(k)
                if argv and os.path.basename(argv[0]) == b"sleep":
                    done.add(k)
        if done and first is None:
            first = now - s.t0
        if len(done.intersection(kids)) >= n:
            return first, mono() - s.t0, bp.cpu_seconds(pid)
        if now > end:
            raise TimeoutError(f"{s.d.name}: only {len(done)} of {n} children exec'd sleep after {timeout:.0f} s")
        if not bp.is_alive(pid):
            raise RuntimeError(f"{s.d.name} died during start-up; see {s.work}")
        time.sleep(0.01)


def first_log_spawn(s):
    t = log_spawn_times(s.d.log)
    return min(t) - s.t0w if t else None


def footprint(s, pid, idle, settle, m, idle_key):
    time.sleep(settle)
    if idle:
        c0, t0 = bp.cpu_seconds(pid), mono()
        time.sleep(idle)  # no control call in the window
        m[idle_key] = bp.cpu_seconds(pid) - c0
        m[idle_key + "_window"] = mono() - t0
    st = bp.proc_status(pid)
    m["rss_kib"], m["hwm_kib"], m["threads"] = st.get("VmRSS"), st.get("VmHWM"), st.get("Threads")
    m["pss_kib"] = bp.pss_kib(pid)
    m["fds"] = len(os.listdir(f"/proc/{pid}/fd"))


# ---------------------------------------------------------------------------------------------
# the sessions
# ---------------------------------------------------------------------------------------------
def session_big(cls, cfg, rows):
    n, m, samples = cfg.n_big, {}, {}
    with Session(cls, cfg.home, "big", sleep_progs(n)) as s:
        pid = s.pid()
        first, all_exec, cpu = watch_exec(s, n, 60 + n * 0.2)
        m.update(first_exec=first, all_exec=all_exec, cpu_to_all_exec=cpu)
        time.sleep(cfg.settle)  # unobserved: the daemon's own timers and log only
        m["first_spawn_log"] = first_log_spawn(s)
        s.status_until(s.all_in("RUNNING"), 60 + n * 0.1, 0.5, "all RUNNING")
        if rows & {3, 11}:
            footprint(s, pid, cfg.idle if 11 in rows else 0, cfg.settle, m, "idle_cpu")
        if 7 in rows:
            lat = []
            for _ in range(cfg.api_samples):
                t = mono()
                st = s.d.status()
                lat.append(mono() - t)
                if len(st) < n:
                    raise RuntimeError(f"full status listed {len(st)} of {n}")
                time.sleep(0.05)
            samples["api_status"] = lat
        if 8 in rows:
            run = lambda: subprocess.run(s.d.cli_argv(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         env=s.d.env, timeout=120)
            run()  # warm-up, not timed: a first run may create a class-data archive
            lat = []
            for _ in range(cfg.cli_samples):
                t = mono()
                run()
                lat.append(mono() - t)
                time.sleep(0.05)
            samples["cli_status"] = lat
        if 9 in rows:
            time.sleep(1.0)
            kids0 = set(s.program_children(pid))
            res = {}

            def call():
                t = mono()
                try:
                    s.d.stop_all()
                except Exception as e:  # noqa: BLE001 - recorded as a note, the poll decides
                    res["err"] = repr(e)[:200]
                res["t"] = mono() - t

            t0 = mono()
            th = threading.Thread(target=call, daemon=True)
            th.start()
            s.status_until(s.all_in("STOPPED", "EXITED"), 120, 0.05, "all STOPPED")
            m["stop_confirmed"] = mono() - t0
            bp.wait_for(lambda: not (bp.children(pid) & kids0), 60, 0.005, "all children reaped")
            m["stop_reaped"] = mono() - t0
            th.join(60)
            m["stop_call"] = res.get("t")
            if "err" in res:
                s.notes.append(f"stop all: {res['err']}")
        m["guard_pids"] = sorted(s.guards)
    return m, samples, s


def session_small(cls, cfg, rows):
    n, m, samples = cfg.n_small, {}, {}
    with Session(cls, cfg.home, "small", sleep_progs(n, autorestart=True)) as s:
        pid = s.pid()
        first, all_exec, cpu = watch_exec(s, n, 60 + n * 0.2)
        m.update(first_exec=first, all_exec=all_exec, cpu_to_all_exec=cpu)
        time.sleep(cfg.settle)
        m["first_spawn_log"] = first_log_spawn(s)
        s.status_until(s.all_in("RUNNING"), 60, 0.5, "all RUNNING")
        if rows & {4, 10}:
            footprint(s, pid, cfg.idle if 10 in rows else 0, cfg.settle, m, "idle_cpu")
        if 12 in rows:
            lat = []
            for i in range(cfg.restarts):
                kids = sorted(k for k in s.program_children(pid) if bp.cmdline(k)[:1] == [b"sleep"])
                victim = kids[i % len(kids)]
                time.sleep(0.3)  # let the daemon go idle
                before = set(s.program_children(pid))
                t = mono()
                os.kill(victim, signal.SIGKILL)

                def new_child():
                    return [k for k in s.program_children(pid)
                            if k not in before and bp.cmdline(k)[:1] == [b"sleep"]]
                bp.wait_for(new_child, 30, 0.001, f"a new child after kill -9 of {victim}")
                lat.append(mono() - t)
            samples["restart"] = lat
        m["guard_pids"] = sorted(s.guards)
    return m, samples, s


def session_log(cls, cfg, rows):
    m = {}
    with tempfile.TemporaryDirectory(prefix="tm-table-producer-") as pd:
        pd = Path(pd)
        script = bp.write_producer(pd)
        out = pd / "producer.log"
        prog = Prog("producer", f"/bin/sh {script} {pd} {cfg.log_bytes}", stdout=out)
        with Session(cls, cfg.home, "log", [prog]) as s:
            pid = s.pid()
            bp.wait_for(lambda: s.d.log.exists() and "success: producer" in s.d.log.read_text(errors="replace"),
                        60, 0.02, "producer RUNNING in the event log")
            time.sleep(0.5)  # settle; not part of the measurement
            c0 = bp.cpu_seconds(pid)
            (pd / "go").touch()
            bp.wait_for(lambda: (pd / "end").exists() and (pd / "end").stat().st_size > 0, 600, 0.002,
                        "the producer's end stamp")
            files = [out] + [Path(f"{out}.{i}") for i in (1, 2, 3)]
            got = [0]

            def all_in():
                got[0] = sum(f.stat().st_size for f in files if f.exists())
                return got[0] >= cfg.log_bytes
            try:
                bp.wait_for(all_in, 120, 0.002, "every byte in the log files")
            except TimeoutError:
                s.notes.append(f"only {got[0]} of {cfg.log_bytes} bytes in the log files")
            m["log_daemon_cpu"] = bp.cpu_seconds(pid) - c0
            ps, pe = bp.producer_stamps(pd)
            m["log_producer_wall"] = pe - ps
            m["log_bytes_in_files"] = got[0]
    return m, {}, s


def log_baseline(cfg):
    with tempfile.TemporaryDirectory(prefix="tm-table-baseline-") as pd:
        script = bp.write_producer(pd, wait_for_go=False)
        subprocess.run(["sh", "-c", f"{script} {pd} {cfg.log_bytes} > {pd}/out.log"], check=True, timeout=600)
        ps, pe = bp.producer_stamps(pd)
        return pe - ps


# ---------------------------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------------------------
def _s(v):
    return f"{v:.3f} s" if v < 10 else f"{v:.1f} s"


def _ms(v):
    return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"


def _mb(v):
    return f"{v / 1024:.1f} MB"


# (row, scenario, session, metric, formatter, goal)
ROWS = [
    (1, "{big} × `sleep` (starttime 0) all exec'd, from the launch, unobserved", "big", "all_exec", _s, "≤ 1.2 s"),
    (2, "the daemon's first spawn after its launch, {big} programs: first child exec'd (/proc)", "big",
     "first_exec", _s, "≤ 0.4 s"),
    (2, "the same, from the event log's first `spawned:` line", "big", "first_spawn_log", _s, "≤ 0.4 s"),
    (2, "the same with {small} programs: first child exec'd (/proc)", "small", "first_exec", _s, "≤ 0.4 s"),
    (3, "RSS with {big} processes (Jolokia on)", "big", "rss_kib", _mb, "≤ 60 MB"),
    (3, "PSS with {big} processes", "big", "pss_kib", _mb, ""),
    (4, "RSS with {small} processes", "small", "rss_kib", _mb, "≤ 45 MB"),
    (4, "PSS with {small} processes", "small", "pss_kib", _mb, ""),
    (5, "daemon CPU until {small} processes are exec'd", "small", "cpu_to_all_exec", _s, "≤ 0.5 s"),
    (6, "{log} of stdout captured: producer time", "log", "log_producer_wall", _s, "≤ 1.05 × `> file`"),
    (6, "{log} of stdout captured: daemon CPU", "log", "log_daemon_cpu", _s, "≤ 0.17 s"),
    (6, "{log}: the producer `> file`, no supervisor (baseline)", "baseline", "log_file_wall", _s, ""),
    (7, "full status of {big} over the API, median of {api}", "big", "api_status", _ms, "≤ 20 ms"),
    (8, "`taskmasterctl status` / `supervisorctl status` of {big}, one-shot, median of {cli}", "big",
     "cli_status", _s, "≤ 0.25 s"),
    (9, "stop of {big} that obey TERM, to all STOPPED confirmed", "big", "stop_confirmed", _s, "≤ 0.25 s"),
    (10, "keep: idle CPU over {idle} with {small}", "small", "idle_cpu", _s, "keep (0.015 s)"),
    (11, "keep: idle CPU over {idle} with {big}", "big", "idle_cpu", _s, "keep"),
    (12, "keep: restart after kill -9, to the new child exec'd", "small", "restart", _ms, "keep (8 ms)"),
]


def aggregate(records):
    """{(daemon, session, metric): [values]}: one value per rep, or every sample pooled."""
    out = {}
    for r in records:
        for k, v in r.get("metrics", {}).items():
            if isinstance(v, (int, float)):
                out.setdefault((r["daemon"], r["session"], k), []).append(v)
        for k, v in r.get("samples", {}).items():
            out.setdefault((r["daemon"], r["session"], k), []).extend(v)
    return out


def render(records, file=sys.stdout):
    agg = aggregate(records)
    head = next((r for r in records if r.get("session") == "meta"), {})
    P = head.get("params", {})
    fill = {"big": P.get("n_big", 1000), "small": P.get("n_small", 10),
            "log": f"{P.get('log_bytes', 200_000_000) / 1e6:g} MB", "api": P.get("api_samples", 20),
            "cli": P.get("cli_samples", 10), "idle": f"{P.get('idle', 30):g} s"}
    loads = [x for r in records if r.get("session") not in ("meta", None) for x in
             (r.get("load_start", [None])[0], r.get("load_end", [None])[0]) if x is not None]
    have_sd = any(r.get("daemon") == "supervisord" for r in records)
    pr = print
    pr(f"taskmaster: {head.get('taskmaster', '?')}; supervisord: {head.get('supervisord', '—')}; "
       f"{head.get('host', '')}", file=file)
    if loads:
        done = len({r["rep"] for r in records if r.get("session") not in ("meta", None)})
        pr(f"reps: {done} of {P.get('reps', '?')}; load average (1 min) over the sessions: median "
           f"{statistics.median(loads):.2f}, {min(loads):.2f}–{max(loads):.2f}"
           + ("  (VERY HIGH: > 6, figures inflated)" if statistics.median(loads) > 6 else ""), file=file)
    pr("", file=file)
    pr("| # | scenario | taskmaster | supervisord | ratio | goal |", file=file)
    pr("|---|---|---|---|---|---|", file=file)
    rows = set(P.get("rows", range(1, 13)))
    base = agg.get(("-", "baseline", "log_file_wall"))
    for num, label, sess, key, fmt, goal in ROWS:
        if num not in rows:
            continue
        label = label.format(**fill)
        if sess == "baseline":
            if base:
                pr(f"| {num} | {label} | {fmt(statistics.median(base))} | (same) | | |", file=file)
            continue
        cells, meds = [], []
        for d in ("taskmaster", "supervisord"):
            v = agg.get((d, sess, key))
            if not v:
                cells.append("—" if d == "taskmaster" or have_sd else "not run")
                meds.append(None)
                continue
            med = statistics.median(v)
            meds.append(med)
            spread = f" ({fmt(min(v))}–{fmt(max(v))})" if len(v) > 1 and key not in (
                "api_status", "cli_status", "restart") else ""
            if key in ("api_status", "cli_status", "restart") and len(v) > 1:
                spread = f" (p90 {fmt(sorted(v)[math.ceil(0.9 * len(v)) - 1])})"
            cells.append(fmt(med) + spread)
        ratio = f"{meds[0] / meds[1]:.2f}×" if meds[0] is not None and meds[1] else ""
        if key == "log_producer_wall" and base:
            goal = f"≤ 1.05 × `> file` = {1.05 * statistics.median(base):.3f} s"
        pr(f"| {num} | {label} | {cells[0]} | {cells[1]} | {ratio} | {goal} |", file=file)
    notes = [f"{r['daemon']} {r['session']} rep {r['rep']}: {n}" for r in records for n in r.get("notes", [])]
    guards = sorted({g for r in records if r.get("daemon") == "taskmaster" for g in r.get("metrics", {})
                     .get("guard_pids", [])})
    pr("", file=file)
    pr(f"Excluded from taskmaster's children: its orphan guard (`sh -c '…' taskmaster-guard`), "
       f"{len(guards)} seen.", file=file)
    for n in notes:
        pr(f"- note: {n}", file=file)


# ---------------------------------------------------------------------------------------------
def describe_taskmaster(home):
    r = subprocess.run([str(Path(home) / "bin/taskmasterd"), "--version"], capture_output=True, text=True,
                       timeout=600)
    if r.returncode != 0:
        sys.exit(f"table: {home}/bin/taskmasterd --version failed ({r.returncode}): "
                 f"{(r.stderr or r.stdout).strip()[-300:]}")
    commit = subprocess.run(["git", "-C", str(home), "log", "-1", "--format=%h"], capture_output=True,
                            text=True, timeout=30).stdout.strip()
    return f"{r.stdout.strip().splitlines()[0]} ({home}, {commit or 'no git'})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--rows", default="1,2,3,4,5,6,7,8,9,10,11,12", help="comma-separated row numbers")
    ap.add_argument("--taskmaster-home", default=str(ROOT), help="a built tree (bin/taskmasterd)")
    ap.add_argument("--no-supervisord", action="store_true")
    ap.add_argument("--out", help="write the raw results, one JSON object per line")
    ap.add_argument("--smoke", action="store_true", help="self-test: N=5 (3 for the small rows), 2 MB, "
                    "1 rep, 2 s idle, 0.5 s settles, few samples")
    ap.add_argument("--report", nargs="+", metavar="JSONL", help="only print the table of saved results")
    a = ap.parse_args()
    if a.report:
        recs = [json.loads(line) for f in a.report for line in Path(f).read_text().splitlines() if line.strip()]
        render(recs)
        return 0
    try:
        rows = {int(x) for x in a.rows.split(",") if x.strip()}
    except ValueError:
        sys.exit(f"table: --rows takes comma-separated numbers 1 to 12, not {a.rows!r}")
    if not rows or not rows <= set(range(1, 13)):
        sys.exit(f"table: --rows takes comma-separated numbers 1 to 12, not {a.rows!r}")
    cfg = argparse.Namespace(home=Path(a.taskmaster_home).resolve(), reps=a.reps, n_big=1000, n_small=10,
                             log_bytes=200_000_000, idle=30.0, api_samples=20, cli_samples=10, restarts=10,
                             settle=3.0)
    if a.smoke:
        cfg.__dict__.update(reps=1, n_big=5, n_small=3, log_bytes=2_000_000, idle=2.0, api_samples=3,
                            cli_samples=2, restarts=2, settle=0.5)
    if not (cfg.home / "bin/taskmasterd").is_file():
        sys.exit(f"table: {cfg.home} has no bin/taskmasterd (--taskmaster-home takes a built tree)")
    daemons = ["taskmaster"] + ([] if a.no_supervisord else ["supervisord"])
    if not a.no_supervisord and not shutil.which("supervisord") and not Path("/usr/bin/supervisord").exists():
        sys.exit("table: no supervisord on PATH (apt-get install supervisor), or pass --no-supervisord")

    bp.become_subreaper()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 1000 children's pipes; daemons inherit it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("table: SIGTERM, cleaning up"))
    out = open(a.out, "w") if a.out else None
    records = []

    def record(r):
        records.append(r)
        if out:
            out.write(json.dumps(r) + "\n")
            out.flush()

    sd_version = subprocess.run(["supervisord", "--version"], capture_output=True, text=True,
                                timeout=30).stdout.strip() if "supervisord" in daemons else "—"
    record({"session": "meta", "daemon": "-", "rep": 0, "taskmaster": describe_taskmaster(cfg.home),
            "supervisord": sd_version, "host": f"{os.uname().nodename}, {os.cpu_count()} CPUs, "
            f"kernel {os.uname().release}", "load_at_start": bp.loadavg(), "ts": time.time(),
            "params": {**{k: v for k, v in vars(cfg).items() if k != "home"}, "rows": sorted(rows)}})
    sessions = [(name, fn) for name, fn, need in (("big", session_big, {1, 2, 3, 7, 8, 9, 11}),
                                                  ("small", session_small, {2, 4, 5, 10, 12}),
                                                  ("log", session_log, {6})) if rows & need]
    try:
        for rep in range(1, cfg.reps + 1):
            for sname, fn in sessions:
                for dname in daemons:
                    t = mono()
                    print(f"rep {rep}/{cfg.reps}: {dname} {sname} ...", end=" ", flush=True, file=sys.stderr)
                    m, samples, s = fn(DAEMONS[dname], cfg, rows)
                    record({"daemon": dname, "session": sname, "rep": rep, "metrics": m, "samples": samples,
                            "notes": s.notes, "load_start": s.load_start, "load_end": s.load_end,
                            "ts": time.time()})
                    print(f"{mono() - t:.0f} s, load {s.load_end[0]:.2f}", file=sys.stderr)
            if 6 in rows:
                record({"daemon": "-", "session": "baseline", "rep": rep,
                        "metrics": {"log_file_wall": log_baseline(cfg)}, "load_start": bp.loadavg(),
                        "load_end": bp.loadavg()})
    finally:
        cleanup_all()
        if out:
            out.close()
    render(records)
    if a.out:
        print(f"\nraw results: {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup_all()
