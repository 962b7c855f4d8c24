#!/usr/bin/env python3
"""Macro benchmark: a Spring Boot + Spring AI chat service under a fixed load, with the library and without.

The application is the repository's Spring sample (examples/spring-ai-chat: Boot 4, Spring AI 2's ChatClient on
the OpenAI starter, Boot's OpenTelemetry starter and last9-genai's starter), serving POST /chat against the
loopback OpenAI-compatible server it starts itself. "without" is the same jar with last9.genai.enabled=false, so the
two sides differ only by what the library does. Each round starts a fresh JVM per side, interleaved, the order
alternating, and measures:
  start-up   fork to the first answered request (ms)
  latency    p50 / p95 of an open-loop load at a fixed rate, from each request's scheduled time, so a stall counts
             for every request it delays (ms)
  throughput answered requests per second over the load window
  CPU        the JVM's user + system seconds over the load window (/proc/PID/stat)
  allocation bytes allocated over the load window, from the GC log (a full GC at each end of the window; the heap
             before each GC minus the heap after the one before)
  threads    peak live threads over the load window (/proc/PID/status)
Writes JSON and prints a table with the ratios. Records the load average at the start (after waiting up to two
minutes for the preceding step's load to settle) and at the end, and the CPU that other processes took during the
rounds; warns when the load was above half the cores at the start or others took more than a fifth of a core: ratios
measured then are not trustworthy. No network but loopback.

  mvn -q -pl examples/spring-ai-chat -am package -DskipTests
  python3 bench/macro.py --rounds 3 --rate 40 --seconds 20 --out /tmp/macro.json \
    [--agent opentelemetry-javaagent.jar --extension last9-genai-javaagent-extension/target/last9-genai-javaagent-extension-*.jar]
With --agent and --extension it also runs the same application under the Java agent (its own tracing and the starter
off), without and with the extension.
"""
import argparse, json, os, re, socket, statistics, subprocess, sys, tempfile, threading, time, urllib.request

import machine

p = argparse.ArgumentParser()
p.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--rate", type=float, default=40.0, help="requests per second during the load window")
p.add_argument("--seconds", type=float, default=20.0, help="length of the load window")
p.add_argument("--warmup", type=int, default=300, help="requests before the window")
p.add_argument("--turns", type=int, default=5, help="requests per conversation")
p.add_argument("--agent", help="an opentelemetry-javaagent jar: also run the agent pair")
p.add_argument("--extension", help="the last9-genai-javaagent-extension jar, for the agent pair")
p.add_argument("--out", required=True)
a = p.parse_args()

root = os.path.abspath(a.root)
sample = os.path.join(root, "examples", "spring-ai-chat")
cp_file = os.path.join(sample, "target", "macro.classpath")
if not os.path.exists(cp_file):
    subprocess.run(["mvn", "-q", "-B", "-o", "dependency:build-classpath", "-Dmdep.outputFile=" + cp_file],
                   cwd=sample, check=True)
classpath = os.path.join(sample, "target", "classes") + os.pathsep + open(cp_file).read().strip()
MAIN = "io.last9.genai.examples.spring.ChatServiceApplication"
# each pair: (JVM options, application arguments) without the library, then with it
PAIRS = {"starter": (([], ["--last9.genai.enabled=false"]), ([], []))}
if a.agent and a.extension:
    # the same application under the agent, its own starters off (Boot's tracing and last9-genai's), so the agent's
    # SDK alone traces it; the pair differs only by the extension
    agent = ["-javaagent:" + a.agent, "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
             "-Dotel.logs.exporter=none", "-Dotel.javaagent.logging=none"]
    app_off = ["--last9.genai.enabled=false", "--management.tracing.enabled=false"]
    PAIRS["agent"] = ((agent, app_off), (agent + ["-Dotel.javaagent.extensions=" + a.extension], app_off))
TICK = os.sysconf("SC_CLK_TCK")
GC_LINE = re.compile(r"GC\((\d+)\) Pause .* (\d+)M->(\d+)M\(")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, conversation, text, timeout=30):
    req = urllib.request.Request("http://127.0.0.1:%d/chat" % port, data=text.encode(), method="POST",
                                 headers={"X-Conversation-Id": conversation, "X-User-Id": "u-" + conversation[-1],
                                          "Content-Type": "text/plain"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        r.read()
        return r.status


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def threads(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


def full_gc(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    time.sleep(0.3)  # the GC log line is written after the pause


def gcs(log):
    out = []
    with open(log) as f:
        for line in f:
            m = GC_LINE.search(line)
            if m:
                out.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    return out


def run_side(pair, side, round_no):
    jvm, app = PAIRS[pair][0 if side == "without" else 1]
    port = free_port()
    gc_log = tempfile.NamedTemporaryFile(suffix=".gc.log", delete=False).name
    cmd = (["java", "-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-Xlog:gc:file=" + gc_log] + jvm
           + ["-cp", classpath, MAIN, "--serve", "--server.port=%d" % port, "--logging.level.root=WARN"] + app)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            if proc.poll() is not None:
                sys.exit("the %s application exited: %s" % (side, proc.stderr.read().decode(errors="replace")))
            try:
                post(port, "warm-0", "hello", timeout=5)
                break
            except OSError:
                time.sleep(0.02)
        startup_ms = (time.perf_counter() - t0) * 1000
        for i in range(a.warmup):
            post(port, "warm-%d" % (i // a.turns), "What is the weather in SF today?")
        full_gc(proc.pid)
        gc_mark = len(gcs(gc_log))
        cpu0 = cpu_seconds(proc.pid)
        latencies, errors, peak = [], [0], [threads(proc.pid)]
        lock = threading.Lock()
        total = int(a.rate * a.seconds)
        start = time.perf_counter() + 0.2
        nxt = [0]

        def worker():
            while True:
                with lock:
                    i = nxt[0]
                    nxt[0] += 1
                if i >= total:
                    return
                due = start + i / a.rate
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                try:
                    post(port, "r%d-%s-%s-c%d" % (round_no, pair, side, i // a.turns), "Will I need an umbrella today?")
                    with lock:
                        latencies.append((time.perf_counter() - due) * 1000)
                except Exception:
                    with lock:
                        errors[0] += 1

        workers = [threading.Thread(target=worker) for _ in range(32)]
        for w in workers:
            w.start()
        while any(w.is_alive() for w in workers):
            peak[0] = max(peak[0], threads(proc.pid))
            time.sleep(0.1)
        window = time.perf_counter() - start
        cpu = cpu_seconds(proc.pid) - cpu0
        full_gc(proc.pid)
        window_gcs = gcs(gc_log)[gc_mark - 1:]
        allocated_mb = sum(before - prev_after for (_, _, prev_after), (_, before, _) in zip(window_gcs, window_gcs[1:]))
        lat = sorted(latencies)
        return {
            "startup_ms": startup_ms,
            "p50_ms": lat[len(lat) // 2] if lat else None,
            "p95_ms": lat[int(len(lat) * 0.95)] if lat else None,
            "throughput_rps": len(lat) / window,
            "cpu_s": cpu,
            "alloc_mib": allocated_mb,
            "peak_threads": peak[0],
            "errors": errors[0],
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()  # waited for, so that its CPU counts as the runs' own, not another process's
        os.unlink(gc_log)


# the step before (JMH, a build) lingers in the 1-minute load for minutes: let it settle first
load_start = machine.settle()
others = machine.OthersMeter()
results = {pair: {"without": [], "with": []} for pair in PAIRS}
for r in range(a.rounds):
    for pair in PAIRS:
        order = ["without", "with"] if r % 2 == 0 else ["with", "without"]
        for side in order:
            res = run_side(pair, side, r)
            results[pair][side].append(res)
            print("round %d %-7s %-7s %s" % (r + 1, pair, side, json.dumps(
                {k: round(v, 2) if isinstance(v, float) else v for k, v in res.items()})), flush=True)
load_end = machine.loadavg()
cores = machine.CORES
# not the load at the end: that is the service's and the load generator's own, above half of 2 cores at 40 requests/s
others_cores = others.cores()
busy = machine.busy_reasons(load_start, others_cores)

METRICS = ["startup_ms", "p50_ms", "p95_ms", "throughput_rps", "cpu_s", "alloc_mib", "peak_threads"]
summary = {}
for pair, sides in results.items():
    summary[pair] = {}
    for m in METRICS:
        w = [x[m] for x in sides["without"] if x[m] is not None]
        l = [x[m] for x in sides["with"] if x[m] is not None]
        summary[pair][m] = {"without_min": min(w), "without_median": statistics.median(w), "with_min": min(l),
                            "with_median": statistics.median(l),
                            "ratio_median": statistics.median(l) / statistics.median(w) if statistics.median(w)
                            else None}
errors = sum(x["errors"] for sides in results.values() for side in sides.values() for x in side)
out = {"rate": a.rate, "seconds": a.seconds, "rounds": a.rounds, "warmup": a.warmup, "turns": a.turns,
       "agent": os.path.basename(a.agent) if a.agent else None,
       "load_start": load_start, "load_end": load_end, "cores": cores, "busy": busy, "others_cores": others_cores,
       "runs": results, "summary": summary, "errors": errors}
with open(a.out, "w") as f:
    json.dump(out, f, indent=2)

for pair in PAIRS:
    print("\n%-15s %12s %12s %8s   (%s)" % (pair, "without", "with", "ratio", "medians; min in brackets"))
    for m in METRICS:
        s = summary[pair][m]
        ratio = "%.2fx" % s["ratio_median"] if s["ratio_median"] else "-"
        print("%-15s %12.1f %12.1f %8s   (%.1f / %.1f)" % (m, s["without_median"], s["with_median"], ratio,
                                                           s["without_min"], s["with_min"]))
print("load average %s at the start, %s at the end, on %d cores" % (" ".join(load_start), " ".join(load_end), cores))
if others_cores is not None:
    print("CPU taken by other processes during the rounds: %.2f cores on average" % others_cores)
if busy:
    print("WARNING: the machine was busy (%s): these ratios are not trustworthy" % "; ".join(busy))
if errors:
    print("WARNING: %d requests failed" % errors)
