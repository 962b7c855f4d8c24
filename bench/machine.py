"""How busy the machine is, for the whole-process benchmarks (startup.py, macro.py). Linux /proc; elsewhere None.

The 1-minute load average counts the benchmark's own processes too (a JVM's compiler threads, a load generator),
so it says little about others once the runs have started. What does: the CPU the whole machine spent during the
runs minus what this script and the processes it started and waited for spent.
"""
import os, resource, time

CORES = os.cpu_count() or 1

# Other processes taking more than this share of a core make wall times and latencies unreliable.
OTHERS_BUSY_CORES = 0.2


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or "?"."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def loadavg():
    """The 1, 5 and 15 minute load averages as strings, or []."""
    try:
        return open("/proc/loadavg").read().split()[:3]
    except OSError:
        return []


def settle(max_wait_s=120, below=0.5 * CORES):
    """Waits up to max_wait_s for the 1-minute load to drop to `below`, half the cores unless told (a preceding
    step's load lingers in it for minutes); returns the load average then."""
    deadline = time.time() + max_wait_s
    while time.time() < deadline and loadavg() and float(loadavg()[0]) > below:
        time.sleep(5)
    return loadavg()


def _machine_busy_s():
    """CPU seconds every process of the machine has spent (/proc/stat), or None."""
    try:
        v = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return (sum(v) - v[3] - v[4]) / (os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100)


def _own_s():
    """CPU seconds of this process and of the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class OthersMeter:
    """The CPU that processes other than this script and its waited-for children take, from when it is made to cores()."""

    def __init__(self):
        self.machine, self.own, self.started = _machine_busy_s(), _own_s(), time.time()

    def cores(self):
        """Other processes' average use, in cores, since this meter was made; None without /proc/stat."""
        if self.machine is None:
            return None
        elapsed = max(1e-9, time.time() - self.started)
        return max(0.0, (_machine_busy_s() - self.machine) - (_own_s() - self.own)) / elapsed


def busy_reasons(load_start, others_cores):
    """Why the runs cannot be trusted, or [] when the machine was quiet: a load above half the cores before they
    started, or other processes taking more than OTHERS_BUSY_CORES during them."""
    reasons = []
    if load_start and float(load_start[0]) > 0.5 * CORES:
        reasons.append("1-minute load %s at the start on %d cores" % (load_start[0], CORES))
    if others_cores is not None and others_cores > OTHERS_BUSY_CORES:
        reasons.append("other processes used %.2f cores on average during the runs" % others_cores)
    return reasons
