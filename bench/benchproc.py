"""What every bench script measures through /proc, and how it cleans up (Python 3.11 stdlib, Linux).

The daemons are measured from the outside only, the same way whatever the supervisor: CPU ticks
and memory of the measured pid, its children and what they exec'd. Every process a bench starts
carries BENCH_TAG=<tag> in its environment (children inherit it), and the bench is a child
subreaper, so at the end it can SIGKILL, by pid, exactly what it started and reap every orphan.
"""
import ctypes
import os
import signal
import time
import uuid
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PR_SET_CHILD_SUBREAPER = 36
SHELLS = {"sh", "bash", "dash"}


def _read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def cpu_seconds(pid):
    """utime + stime of the process (all its threads, children not counted), in seconds."""
    data = _read(f"/proc/{pid}/stat")
    f = data[data.rindex(")") + 2:].split()
    return (int(f[11]) + int(f[12])) / CLK_TCK


def proc_status(pid):
    """VmRSS, VmHWM (KiB) and Threads from /proc/PID/status."""
    out = {}
    for line in _read(f"/proc/{pid}/status").splitlines():
        k, _, v = line.partition(":")
        if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
            out[k] = int(v.split()[0])
    return out


def pss_kib(pid):
    """Proportional set size: shared pages (the JDK's libraries, a CDS archive) split between sharers."""
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def children(pid):
    """Direct children of PID (of all its threads: a JVM spawns from any thread), zombies included."""
    out = set()
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return out
    for tid in tids:
        try:
            out.update(int(x) for x in _read(f"/proc/{pid}/task/{tid}/children").split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def cmdline(pid):
    try:
        return _read(f"/proc/{pid}/cmdline", "rb").split(b"\0")
    except (FileNotFoundError, ProcessLookupError):
        return []


def exe_name(pid):
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return ""


def is_alive(pid):
    try:
        data = _read(f"/proc/{pid}/stat")
    except (FileNotFoundError, ProcessLookupError):
        return False
    return data[data.rindex(")") + 2] != "Z"


def wait_for(pred, timeout, step=0.005, what="condition"):
    """pred()'s first truthy value; TimeoutError after timeout seconds. Every wait is bounded."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > end:
            raise TimeoutError(f"{what}: not met within {timeout:.0f} s")
        time.sleep(step)


def new_tag(label):
    return f"tm-bench-{os.getpid()}-{label}-{uuid.uuid4().hex[:8]}"


def tagged(tag):
    """Pids whose environment holds BENCH_TAG=<tag> exactly: what this bench started."""
    needle = f"BENCH_TAG={tag}".encode()
    me, out = os.getpid(), []
    for d in os.listdir("/proc"):
        if d.isdigit() and int(d) != me:
            try:
                if needle in _read(f"/proc/{d}/environ", "rb").split(b"\0"):
                    out.append(int(d))
            except OSError:
                pass
    return out


def reap_all():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def become_subreaper():
    """Orphans of the daemons (a guard, a child left behind) are re-parented to us and reaped."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except OSError:
        return False


def sweep(tag, timeout=10.0):
    """SIGKILL, by pid, every live process carrying the tag, until none is left; the pids killed."""
    killed = set()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        live = [p for p in tagged(tag) if is_alive(p)]
        if not live:
            break
        for p in live:
            try:
                os.kill(p, signal.SIGKILL)
                killed.add(p)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
        reap_all()
    reap_all()
    return sorted(killed)


def loadavg():
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


LINE = "x" * 99  # `yes` adds the newline: 100-byte lines


def write_producer(d, wait_for_go=True):
    """A shell script writing $2 bytes of 100-byte lines to stdout; it stamps its own start and end
    in $1 (date +%s.%N). With wait_for_go it first waits for the file $1/go, so a supervised
    producer starts when the bench says, with no control call."""
    s = Path(d) / "produce.sh"
    s.write_text("#!/bin/sh\n"
                 + ('while [ ! -e "$1/go" ]; do sleep 0.01; done\n' if wait_for_go else "")
                 + 'date +%s.%N > "$1/start"\n'
                 + f'yes {LINE} | head -c "$2"\n'
                 + 'date +%s.%N > "$1/end"\n')
    s.chmod(0o755)
    return s


def producer_stamps(d):
    return float((Path(d) / "start").read_text()), float((Path(d) / "end").read_text())
