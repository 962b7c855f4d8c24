#!/usr/bin/env python3
"""Whole-process start-up benchmark: paired, interleaved runs of fresh JVMs, min and median.

Each pair is a baseline and a candidate program that differ only by the library:
  sdk    an SDK that ends one LLM span (StartupProbe sdk-without) vs the same with Last9SpanProcessor (sdk-with)
  agent  the Java agent ending the same span (StartupProbe agent) without vs with the last9-genai extension
  agent-c1  the agent pair with C1 alone (-XX:TieredStopAtLevel=1): the extension's start without C2's run-to-run noise
  sdk-appcds  the sdk pair, each side with its own AppCDS archive (made by one training run of that side with
         -XX:ArchiveClassesAtExit): what a user who archives the application's classes pays
Run i of each side of a pair runs next to run i of the other, so report.py takes their differences as pairs.
Wall time from fork to exit, CPU seconds (user + system, from wait4's rusage), peak RSS (ru_maxrss) and classes
loaded (-Xlog:class+load) are recorded per run, and from the probe itself (Linux /proc): the CPU the process had
spent when main started (the agent's premain and the JVM's own start), split into the main thread's (which runs
premain) and the JIT compiler threads', and, at the end, the JIT compiler's and GC's shares. Runs rotate which side goes first so drift and caches hit every
side alike. With --before-dir (another build's bench/target), each pair gets a third side, "before": that
build's candidate, run in the same rotation, so a change is measured against its predecessor in one run.
The 1-minute load average is recorded at the start (after waiting up to two minutes for a preceding build's load
to settle) and at the end, and so is the CPU that other processes took during the runs (the machine's busy time from
/proc/stat minus the runs' own); the script warns when the machine was busy at the start or others took more than a
fifth of a core (they take CPU from the JVMs and stretch wall times; CPU seconds suffer less). Writes JSON for
bench/report.py and prints a table. No network.
"""
import argparse, glob, json, os, statistics, subprocess, sys, tempfile, time

import machine

p = argparse.ArgumentParser()
p.add_argument("--bench-dir", required=True, help="bench/target, built with -Pbenchmarks")
# 36 pairs: the agent pair spreads by +-0.6 s from run to run on 2 cores, so 12 pairs left its 95% interval wider
# than the target (-0.37 to +0.91 s); 36 narrow it to about +-0.2 s, for about 8 minutes of runs in all
DEFAULT_RUNS = 36
p.add_argument("--runs", type=int, default=DEFAULT_RUNS)
p.add_argument("--sdk-runs", type=int, help="runs a side of the sdk pairs (default: as many as --runs, at least %d): "
               "a run of those takes a third of a second, and their target sits close to their delta" % DEFAULT_RUNS)
p.add_argument("--out", required=True)
p.add_argument("--before-dir", help="another build's bench/target: its candidates run as the side 'before'")
a = p.parse_args()

cores = machine.CORES

# A build usually runs just before (run-benchmarks.sh builds first), and its load lingers in the 1-minute average:
# wait for it to settle, so that the start's load says something about the machine.
load_start = machine.settle()

def pairs_of(bench_dir):
    # the module's jar (the probe), then the jars the probe needs, each as Maven publishes it (startup-classpath
    # in pom.xml); jars only, as AppCDS wants
    probe_jar = [j for j in glob.glob(os.path.join(bench_dir, "last9-genai-benchmarks-*.jar"))
                 if not j.endswith("-agent-discard-exporter.jar")]
    listed = os.path.join(bench_dir, "startup-classpath.txt")
    if not probe_jar or not os.path.exists(listed):
        # a --before-dir built before the probe ran on the published jars has neither; its shaded jar would
        # measure another class path than the candidate's, so the pair would not compare
        sys.exit("%s has no module jar or no startup-classpath.txt: build it with -Pbenchmarks at a commit that "
                 "writes them" % bench_dir)
    with open(listed) as f:
        classpath = probe_jar[0] + os.pathsep + f.read().strip()
    agents = sorted(glob.glob(os.path.join(bench_dir, "javaagent", "opentelemetry-javaagent-*.jar")))
    extension = os.path.join(bench_dir, "javaagent", "last9-genai-javaagent-extension.jar")
    discard = glob.glob(os.path.join(bench_dir, "*-agent-discard-exporter.jar"))
    probe = "io.last9.genai.bench.StartupProbe"
    pairs = {"sdk": (["-cp", classpath, probe, "sdk-without"], ["-cp", classpath, probe, "sdk-with"])}
    if agents and discard and os.path.exists(extension):
        agent = ["-javaagent:" + agents[-1], "-Dotel.traces.exporter=last9-bench-discard", "-Dotel.metrics.exporter=none",
                 "-Dotel.logs.exporter=none", "-Dotel.javaagent.logging=none"]
        pairs["agent"] = (agent + ["-Dotel.javaagent.extensions=" + discard[0], "-cp", classpath, probe, "agent"],
                          agent + ["-Dotel.javaagent.extensions=" + discard[0] + "," + extension, "-cp", classpath, probe, "agent"])
        # the same pair with C1 alone: C2's compilations, which move the agent pair by tenths of a second from run
        # to run, are left out, so what the extension's own start costs reads with less noise (not none)
        pairs["agent-c1"] = tuple(["-XX:TieredStopAtLevel=1"] + side for side in pairs["agent"])
    return pairs, agents

pairs, agents = pairs_of(a.bench_dir)
archives = tempfile.mkdtemp(prefix="startup-appcds-")
appcds = []
for side, args in zip(("without", "with"), pairs["sdk"]):
    jsa = os.path.join(archives, side + ".jsa")
    subprocess.run(["java", "-XX:ArchiveClassesAtExit=" + jsa] + args, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    appcds.append(["-XX:SharedArchiveFile=" + jsa] + args)
pairs["sdk-appcds"] = tuple(appcds)
before = pairs_of(a.before_dir)[0] if a.before_dir else {}

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

def run(args):
    with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as log:
        path = log.name
    cmd = ["java", "-Xshare:auto", "-Xlog:class+load=info:file=" + path, "-Dprobe.cpu=true"] + args
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace")
    if status != 0:
        sys.exit("%s failed (%d): %s" % (" ".join(cmd), status, err))
    with open(path) as f:
        classes = sum(1 for line in f if "class,load" in line)
    os.unlink(path)
    result = {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "rss_mib": ru.ru_maxrss / 1024.0, "classes": classes}
    # the probe's own accounting (Linux): CPU before main, and the JIT compiler's and GC's threads at the end
    for line in err.splitlines():
        if line.startswith("probe-cpu-ticks "):
            t = {k: int(v) / TICK for k, v in (f.split("=") for f in line.split()[1:])}
            result.update(cpu_before_main_s=t["before-main"], jit_s=t["jit"], gc_s=t["gc"],
                          other_s=t["total"] - t["jit"] - t["gc"])
            if "main-thread-before-main" in t:  # probes before 2026-12-05 do not split it
                result.update(main_before_main_s=t["main-thread-before-main"],
                              jit_before_main_s=t["jit-before-main"])
    return result

sides = ("baseline", "candidate", "before") if before else ("baseline", "candidate")
results = {name: {side: [] for side in sides if side != "before" or name in before} for name in pairs}
others = machine.OthersMeter()
runs_of = {name: (a.sdk_runs or max(a.runs, DEFAULT_RUNS)) if name.startswith("sdk") else a.runs for name in pairs}
print("runs a side: " + ", ".join("%s %d" % (name, n) for name, n in runs_of.items()), flush=True)
for i in range(max(runs_of.values())):
    for name, (base, cand) in pairs.items():
        if i >= runs_of[name]:
            continue
        order = [("baseline", base), ("candidate", cand)]
        if name in before:
            order.append(("before", before[name][1]))
        k = i % len(order)
        order = order[k:] + order[:k]  # each side goes first in turn
        for side, args in order:
            results[name][side].append(run(args))

load_end = machine.loadavg()
# the load at the end is mostly these JVMs' own (their compiler threads use both cores): others' CPU says more
others_cores = others.cores()
busy = machine.busy_reasons(load_start, others_cores)
cpu = machine.cpu_model()
java = (subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines() or ["?"])[0]
json.dump({"runs": a.runs, "runs_of": runs_of, "date": time.strftime("%Y-%m-%d %H:%M"), "cpu": cpu, "java": java,
           "load_start": " ".join(load_start), "load_end": " ".join(load_end), "cores": cores,
           "busy": busy, "others_cores": others_cores, "before_dir": a.before_dir,
           "agent": os.path.basename(agents[-1]) if agents else None, "results": results}, open(a.out, "w"), indent=1)

def mm(xs):
    return min(xs), statistics.median(xs)

print("%-10s %-9s %16s %16s %16s %16s %14s %9s" % ("pair", "side", "wall s min/med", "CPU s min/med",
      "pre-main min/med", "JIT s min/med", "RSS MiB min/med", "classes"))
for name, by_side in results.items():
    for side, rs in by_side.items():
        w, c, r = mm([x["wall_s"] for x in rs]), mm([x["cpu_s"] for x in rs]), mm([x["rss_mib"] for x in rs])
        pm = mm([x.get("cpu_before_main_s", float("nan")) for x in rs])
        j = mm([x.get("jit_s", float("nan")) for x in rs])
        print("%-10s %-9s %7.2f / %6.2f %7.2f / %6.2f %7.2f / %6.2f %7.2f / %6.2f %6.0f / %5.0f %9d" % (
            name, side, w[0], w[1], c[0], c[1], pm[0], pm[1], j[0], j[1], r[0], r[1],
            statistics.median([x["classes"] for x in rs])))
print("load average (1, 5, 15 min): at the start %s, at the end %s" % (" ".join(load_start) or "?", " ".join(load_end) or "?"))
if others_cores is not None:
    print("CPU taken by other processes during the runs: %.2f cores on average" % others_cores)
if busy:
    print("WARNING: the machine was busy (%s): wall times are stretched by other processes; compare CPU seconds, "
          "and re-run on a quiet machine before quoting wall times." % "; ".join(busy), file=sys.stderr)
