#!/usr/bin/env python3
"""daemon-bench: taskmasterd with N quiet programs, measured from the outside.

    bench/daemon-bench.py [--n 10,100,1000] [--idle 10] [--restarts 20]

For each N: N programs `sleep 100000` (starttime 0, output discarded) in a private config; the
daemon runs `bin/taskmasterd -n`. Measured without any control call (only /proc and the event
log, whose lines carry millisecond timestamps):
  all_running   s from the daemon's Popen to the N-th "success:" line
  rss_kib       VmRSS of the JVM after the burst and the idle window
  threads       threads of the JVM
  idle_cpu_s    CPU seconds the daemon used over --idle seconds with nothing happening
  restart_ms    kill -9 of a child -> its replacement's "spawned:" line (median, p90)
  shutdown_s    SIGTERM -> daemon exited (all N children stopped first)
Every process it starts carries BENCH_TAG and is swept at the end.
"""
import argparse, os, re, signal, statistics, subprocess, sys, tempfile, time, uuid
from pathlib import Path

from benchproc import cpu_seconds, proc_status, tagged, wait_for

ROOT = Path(__file__).resolve().parents[1]


def jvm_pid(launcher_pid):
    """bin/taskmasterd execs java, so the pid is the JVM's; kept as a function in case it forks."""
    return launcher_pid


def run(n, idle, restarts):
    work = Path(tempfile.mkdtemp(prefix="tm-bench-"))
    log = work / "taskmasterd.log"
    tag = uuid.uuid4().hex
    lines = [f"[taskmasterd]\nlogfile = {log}\npidfile = {work}/taskmasterd.pid\n"
             f"logfile_maxbytes = 0\nenvironment = BENCH_TAG={tag}\n"]
    for i in range(n):
        lines.append(f"[p{i:04d}]\ncmd = sleep 100000\nstarttime = 0\nautorestart = true\n")
    conf = work / "bench.conf"
    conf.write_text("\n".join(lines))
    env = dict(os.environ, BENCH_TAG=tag)
    t0 = time.monotonic()
    d = subprocess.Popen([str(ROOT / "bin/taskmasterd"), "-n", "-c", str(conf)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    res = {"n": n}
    try:
        text = lambda: log.read_text() if log.exists() else ""
        wait_for(lambda: text().count("success:") >= n, 300, 0.01)
        res["all_running_s"] = round(time.monotonic() - t0, 3)
        pid = jvm_pid(d.pid)
        time.sleep(3)
        c0 = cpu_seconds(pid)
        time.sleep(idle)
        res["idle_cpu_s"] = round(cpu_seconds(pid) - c0, 3)
        st = proc_status(pid)
        res["rss_kib"] = st["VmRSS"]
        res["threads"] = st["Threads"]
        lat = []
        for k in range(min(restarts, n)):
            name = f"p{k % n:04d}"
            m = re.findall(rf"spawned: '{name}' with pid (\d+)", text())
            old = int(m[-1])
            count = len(m)
            t = time.monotonic()
            os.kill(old, signal.SIGKILL)
            wait_for(lambda: len(re.findall(rf"spawned: '{name}' with pid", text())) > count, 30, 0.0005)
            lat.append((time.monotonic() - t) * 1000)
        if lat:
            lat.sort()
            res["restart_ms_median"] = round(statistics.median(lat), 2)
            res["restart_ms_p90"] = round(lat[int(len(lat) * 0.9) - 1], 2)
        t = time.monotonic()
        d.send_signal(signal.SIGTERM)
        d.wait(300)
        res["shutdown_s"] = round(time.monotonic() - t, 3)
        res["exit_code"] = d.returncode
    finally:
        if d.poll() is None:
            d.kill()
        left = tagged(tag)
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        res["leftovers"] = len(left)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", default="10,100,1000")
    ap.add_argument("--idle", type=float, default=10)
    ap.add_argument("--restarts", type=int, default=20)
    a = ap.parse_args()
    subprocess.run([str(ROOT / "bin/taskmasterd"), "--version"], check=True, stdout=subprocess.DEVNULL)
    for n in [int(x) for x in a.n.split(",")]:
        print(run(n, a.idle, a.restarts), flush=True)


if __name__ == "__main__":
    sys.exit(main())
