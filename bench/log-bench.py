#!/usr/bin/env python3
"""Output capture benchmark: a program writing as fast as it can, captured by taskmasterd.

  throughput: one program writes BYTES bytes of 100-byte lines (`yes xxx… | head -c`) to stdout,
              captured to a file with stdout_maxbytes = 50MB, stdout_backups = 3 (the output scenario
              of docs/performance.md). The producer stamps its own start and end (date +%s.%N).
              Measured: producer wall time, throughput (MB/s), daemon CPU seconds from the start
              signal until every byte is in the files (current + backups), bytes present.
              Baselines without a supervisor: the same producer to /dev/null, to a file, | cat > file.
  quiet:      N programs (`sleep 100000`) whose stdout and stderr are captured to files: daemon CPU
              over an idle window once all are RUNNING.

Usage: bench/log-bench.py [--bytes 200000000] [--reps 3] [--timestamps] [--quiet N] [--idle 10]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchproc as bp
from benchproc import cpu_seconds, wait_for

ROOT = Path(__file__).resolve().parent.parent
producer = bp.write_producer
stamps = bp.producer_stamps
# Port 0: a bench never collides with another daemon (or another bench) on this machine.
JOLOKIA = "jolokia_host = 127.0.0.1\njolokia_port = 0\n"


def start_daemon(conf, log):
    d = subprocess.Popen([str(ROOT / "bin/taskmasterd"), "-n", "-c", str(conf)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return d


def stop_daemon(d):
    if d.poll() is None:
        d.terminate()
        try:
            d.wait(60)
        except subprocess.TimeoutExpired:
            d.kill()
            d.wait()


def throughput(nbytes, timestamps):
    work = Path(tempfile.mkdtemp(prefix="tm-logbench-"))
    try:
        script = producer(work)
        out = work / "producer.log"
        log = work / "taskmasterd.log"
        conf = work / "bench.conf"
        conf.write_text(f"[taskmasterd]\nlogfile = {log}\npidfile = {work}/tm.pid\n{JOLOKIA}\n"
                        f"[producer]\ncmd = /bin/sh {script} {work} {nbytes}\nstarttime = 0\n"
                        f"autorestart = false\nstdout = {out}\nstdout_maxbytes = 50MB\nstdout_backups = 3\n"
                        f"stderr = NONE\ntimestamps = {'true' if timestamps else 'false'}\n")
        d = start_daemon(conf, log)
        try:
            wait_for(lambda: log.exists() and "success: producer" in log.read_text(), 60, 0.02)
            time.sleep(0.5)  # let the JVM settle; not part of the measurement
            c0 = cpu_seconds(d.pid)
            (work / "go").touch()
            wait_for(lambda: (work / "end").exists() and (work / "end").stat().st_size > 0, 600, 0.002)
            files = [out] + [Path(f"{out}.{i}") for i in (1, 2, 3)]
            got = [0]

            def all_in():
                got[0] = sum(f.stat().st_size for f in files if f.exists())
                return got[0] >= nbytes
            try:
                wait_for(all_in, 60 if not timestamps else 5, 0.002)
            except TimeoutError:
                pass
            c1 = cpu_seconds(d.pid)
            ps, pe = stamps(work)
            return {"producer_wall": pe - ps, "throughput": nbytes / 1e6 / (pe - ps),
                    "daemon_cpu": c1 - c0, "cpu_ms_per_mb": (c1 - c0) * 1000 / (nbytes / 1e6),
                    "bytes": got[0]}
        finally:
            stop_daemon(d)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def baseline(nbytes, target):
    work = Path(tempfile.mkdtemp(prefix="tm-logbase-"))
    try:
        script = producer(work)
        (work / "go").touch()
        out = work / "out.log"
        cmd = {"devnull": f"{script} {work} {nbytes} > /dev/null",
               "file": f"{script} {work} {nbytes} > {out}",
               "cat": f"{script} {work} {nbytes} | cat > {out}"}[target]
        subprocess.run(["sh", "-c", cmd], check=True, timeout=600)
        ps, pe = stamps(work)
        return {"producer_wall": pe - ps, "throughput": nbytes / 1e6 / (pe - ps)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def quiet(n, idle):
    work = Path(tempfile.mkdtemp(prefix="tm-quiet-"))
    try:
        log = work / "taskmasterd.log"
        conf = work / "bench.conf"
        parts = [f"[taskmasterd]\nlogfile = {log}\npidfile = {work}/tm.pid\nchildlogdir = {work}\n{JOLOKIA}"]
        for i in range(n):
            parts.append(f"[p{i:04d}]\ncmd = sleep 100000\nstarttime = 0\nstdout = AUTO\nstderr = AUTO\n")
        conf.write_text("\n".join(parts))
        d = start_daemon(conf, log)
        try:
            wait_for(lambda: log.exists() and len(re.findall("success: p", log.read_text())) >= n, 300, 0.1)
            time.sleep(3)
            c0 = cpu_seconds(d.pid)
            time.sleep(idle)
            c1 = cpu_seconds(d.pid)
            fds = len(os.listdir(f"/proc/{d.pid}/fd"))
            return {"idle_cpu": c1 - c0, "window": idle, "fds": fds}
        finally:
            stop_daemon(d)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def median(rows, key):
    vals = [r[key] for r in rows]
    return statistics.median(vals), min(vals), max(vals)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bytes", type=int, default=200_000_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--timestamps", action="store_true")
    ap.add_argument("--quiet", type=int, default=0, help="also measure N quiet captured programs")
    ap.add_argument("--idle", type=float, default=10)
    a = ap.parse_args()

    rows = [throughput(a.bytes, a.timestamps) for _ in range(a.reps)]
    for k, unit in (("producer_wall", "s"), ("throughput", "MB/s"), ("daemon_cpu", "s"),
                    ("cpu_ms_per_mb", "ms/MB")):
        m, lo, hi = median(rows, k)
        print(f"taskmaster{' +timestamps' if a.timestamps else ''}  {k:14s} {m:9.3f} {unit:6s} ({lo:.3f}-{hi:.3f})")
    print(f"taskmaster  bytes in files: {[r['bytes'] for r in rows]} of {a.bytes}")
    for target in ("devnull", "file", "cat"):
        b = [baseline(a.bytes, target) for _ in range(a.reps)]
        m, lo, hi = median(b, "producer_wall")
        t, _, _ = median(b, "throughput")
        print(f"baseline {target:8s} producer_wall {m:.3f} s ({lo:.3f}-{hi:.3f}), {t:.0f} MB/s")
    if a.quiet:
        q = quiet(a.quiet, a.idle)
        print(f"quiet N={a.quiet}: daemon CPU {q['idle_cpu']:.2f} s over {q['window']:.0f} s idle, {q['fds']} fds")


if __name__ == "__main__":
    sys.exit(main())
