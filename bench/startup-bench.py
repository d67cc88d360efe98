#!/usr/bin/env python3
"""startup-bench: when a fresh taskmasterd spawns its first child, has all of them exec'd, and
first answers over Jolokia, from the Popen of bin/taskmasterd.

    python3 bench/startup-bench.py                        # 1000 and 10 programs, 3 reps, this tree
    python3 bench/startup-bench.py --programs 1000 --reps 5 --taskmaster-home /path/to/other/tree

Each run is a fresh daemon (`-n`, loglevel debug, jolokia_port = 0) in a temporary directory with
N `sleep 100000` programs (starttime 0, output discarded). Polled every 5 ms:
  first    the first child seen exec'd in /proc (its cmdline is `/bin/sleep 100000`);
  all      all N exec'd;
  jolokia  the first 200 answer to a Jolokia read of the Supervisor's State: a request is sent as
           soon as the URL file exists and then again after every failure, each on a new
           connection (one that connects before the agent is ready waits for it in the backlog).
The event log's start-up timeline (debug, `start-up: PHASE at +S s`, offsets from the launch) is
printed with each run when the tree has one. Then SIGTERM, and every child with the run's tag is
killed. Medians over reps. Python 3.11 stdlib only.
"""

import argparse
import base64
import json
import os
import re
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
import uuid

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def children_execd(tag):
    n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if f"BENCH_TAG={tag}".encode() not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read().startswith(b"/bin/sleep\x00100000"):
                    n += 1
        except OSError:
            pass
    return n


def kill_tagged(tag):
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if f"BENCH_TAG={tag}".encode() in f.read().split(b"\0"):
                    os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass


def jolokia_answers(d):
    try:
        url = open(os.path.join(d, "tm.pid.url")).read().strip()
        user, pw = open(os.path.join(d, "tm.pid.secret")).read().strip().split(":", 1)
    except (OSError, ValueError):
        return False
    body = json.dumps({"type": "read", "mbean": "taskmaster:type=Supervisor", "attribute": "State"}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode())
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read()).get("status") == 200
    except (OSError, ValueError):
        return False


def run(home, n):
    tag = uuid.uuid4().hex
    d = tempfile.mkdtemp(prefix="startup-bench-")
    os.chmod(d, 0o700)
    conf = ["[taskmasterd]", "pidfile = %(here)s/tm.pid", "logfile = %(here)s/tm.log", "loglevel = debug",
            "jolokia_port = 0", f"environment = BENCH_TAG={tag}", ""]
    for i in range(n):
        conf += [f"[program:p{i}]", "command = /bin/sleep 100000", "startsecs = 0",
                 "stdout_logfile = NONE", "stderr_logfile = NONE", ""]
    with open(os.path.join(d, "taskmaster.conf"), "w") as f:
        f.write("\n".join(conf))
    t0 = time.monotonic()
    p = subprocess.Popen([os.path.join(home, "bin", "taskmasterd"), "-n", "-c", os.path.join(d, "taskmaster.conf")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = all_ = None
    up = []
    deadline = t0 + 120

    def poll_jolokia():
        # On a thread of its own: a request may wait in the backlog while the children are counted.
        while time.monotonic() < deadline:
            if os.path.exists(os.path.join(d, "tm.pid.secret")) and jolokia_answers(d):
                up.append(time.monotonic() - t0)
                return
            time.sleep(0.005)

    poller = threading.Thread(target=poll_jolokia, daemon=True)
    poller.start()
    while time.monotonic() < deadline and (first is None or all_ is None):
        k = children_execd(tag)
        now = time.monotonic() - t0
        if k > 0 and first is None:
            first = now
        if k >= n and all_ is None:
            all_ = now
        time.sleep(0.005)
    poller.join(max(0.0, deadline - time.monotonic()))
    up = up[0] if up else None
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
    kill_tagged(tag)
    timeline = []
    try:
        timeline = re.findall(r"start-up: (.+) at \+(\d+\.\d+) s", open(os.path.join(d, "tm.log")).read())
    except OSError:
        pass
    return first, all_, up, timeline


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", default="1000,10")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--taskmaster-home", default=HERE)
    a = ap.parse_args()
    for n in [int(x) for x in a.programs.split(",")]:
        rows = []
        for _ in range(a.reps):
            load = open("/proc/loadavg").read().split()[0]
            first, all_, up, timeline = run(a.taskmaster_home, n)
            rows.append((first, all_, up))
            phases = ", ".join(f"{k} {v}" for k, v in timeline)
            print(f"N={n} load={load} first={first and round(first, 3)} all={all_ and round(all_, 3)}"
                  f" jolokia={up and round(up, 3)}" + (f" | {phases}" if phases else ""), flush=True)
        med = [statistics.median([r[i] for r in rows if r[i] is not None] or [float("nan")]) for i in range(3)]
        print(f"N={n} median of {a.reps}: first spawn {med[0]:.2f} s, all exec'd {med[1]:.2f} s,"
              f" Jolokia first answer {med[2]:.2f} s", flush=True)


if __name__ == "__main__":
    main()
