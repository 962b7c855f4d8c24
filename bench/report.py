#!/usr/bin/env python3
"""Reads JMH's JSON (-rf json, -prof gc) and the M5 memory JSON; writes docs/PERFORMANCE.md. No network."""
import argparse, datetime, json, math, os, platform, re, statistics, subprocess, sys

import machine

p = argparse.ArgumentParser()
p.add_argument("--startup-only", action="store_true",
               help="replace only the start-up section of the existing --out page (no JMH files needed)")
p.add_argument("--jmh", nargs="+",
               help="JMH JSON files; a later file's results replace an earlier file's for the same benchmark")
p.add_argument("--run-note", action="append", default=[],
               help="a line for the machine table, e.g. which rows come from a separate run and its settings")
p.add_argument("--memory")
p.add_argument("--startup", help="bench/startup.py's JSON")
p.add_argument("--macro", help="bench/macro.py's JSON")
p.add_argument("--include", action="append", default=[],
               help="a markdown file measured by other means (docs/EXPLORER-PERFORMANCE.md), shown as a section")
p.add_argument("--include-only", action="store_true",
               help="replace only the --include sections of the existing --out page")
p.add_argument("--macro-only", action="store_true",
               help="replace only the macro section of the existing --out page (no JMH files needed)")
p.add_argument("--forks"); p.add_argument("--warmup"); p.add_argument("--measure"); p.add_argument("--iter-time")
p.add_argument("--elapsed", type=int, default=0)
p.add_argument("--load-start", help="/proc/loadavg's 1, 5 and 15 minute averages when the run started")
p.add_argument("--load-end", help="the same when the JMH run ended")
p.add_argument("--notes")
p.add_argument("--out", required=True)
a = p.parse_args()

def runs_text(st):
    """How many runs a side each pair had (the sdk pairs may have more: their runs are short)."""
    if len(set((st.get("runs_of") or {}).values())) < 2:
        return "%d runs a side" % st["runs"]
    return "%d runs a side (the sdk pairs %d)" % (
        st["runs"], max(n for name, n in st["runs_of"].items() if name.startswith("sdk")))


def paired_delta(cand, base, k):
    """The median of the paired differences cand[i] - base[i] (the two ran next to each other, so the machine's
    drift cancels within a pair), and a distribution-free interval of at least 95% for it: the order statistics
    d(r) and d(n+1-r) for the largest r with P(Binomial(n, 1/2) < r) <= 2.5%. (None, None) for the interval when
    the runs are too few (n < 6)."""
    d = sorted(c[k] - b[k] for c, b in zip(cand, base))
    n = len(d)
    r, tail = 0, 0.0
    while r < n // 2:
        tail_next = tail + math.comb(n, r) / 2.0 ** n
        if tail_next > 0.025:
            break
        tail, r = tail_next, r + 1
    if r == 0:
        return statistics.median(d), None, None
    return statistics.median(d), d[r - 1], d[n - r]


def startup_section(st):
    """The start-up section (a list of lines) from startup.py's JSON."""
    su = []
    def med(rs, k): return statistics.median(x[k] for x in rs)
    def mn(rs, k): return min(x[k] for x in rs)
    def opt(rs, k):
        return "%.2f / %.2f" % (mn(rs, k), med(rs, k)) if all(k in x for x in rs) else "n/a"
    su.append("## Start-up\n")
    su.append("`bench/startup.py`: fresh JVMs that build their tracing, end one priced LLM span and exit "
               "(`StartupProbe`), %s, the sides of a pair interleaved (each goes first in turn); min / "
               "median. CPU is user + system seconds of the whole process (JIT and GC threads included), RSS its "
               "peak, classes those loaded (`-Xlog:class+load`). *Before main* is the CPU the process had spent when "
               "the probe's `main` started (the JVM's start and, under the agent, its `premain`; the lines under the "
               "table split it into the main thread's, which runs `premain`, and the JIT compiler threads'), *JIT* "
               "the CPU of the JIT compiler's threads by the end (both read by the probe from `/proc`): a C2 compilation that "
               "does or does not finish before exit moves the whole process's CPU by tenths of a second, so the JIT "
               "is shown apart. Targets: the SDK with the processor at most +50 ms CPU (whole process) and +10 MiB "
               "RSS over the SDK alone; the agent with the extension at most +300 ms CPU before `main` and +150 "
               "classes over the agent alone (%s); the agent's whole-process CPU is reported next to it. *agent-c1* is the agent pair with C1 alone (`-XX:TieredStopAtLevel=1`): "
               "it leaves out C2's compilations, which move the agent pair by tenths of a second from run to run (less "
               "noise, not none: the agent's own start still varies by a few tenths of a second on a small machine; "
               "no target: the targets are for the JVM's defaults). "
               "*sdk-appcds* is the sdk pair with an AppCDS archive per side "
               "(`-XX:ArchiveClassesAtExit` in one training run, then `-XX:SharedArchiveFile`), as a user who "
               "archives the application's classes runs it. A delta is the median of the paired differences (run *i* of "
               "the candidate minus run *i* of the baseline, which ran next to it), with a distribution-free 95%% "
               "interval from their order statistics: a target is met when the whole interval meets it, missed "
               "when none of it does, and within error otherwise.%s\n"
               % (runs_text(st), st.get("agent") or "no agent jar",
                  " *before* is the candidate of another build (`--before-dir`: %s), run in the same rotation."
                  % st["before_dir"] if st.get("before_dir") else ""))
    su.append("| | |")
    su.append("|---|---|")
    su.append("| run | %s; %s, %s cores; %s |" % (st.get("date", "?"), st.get("cpu", "?"), st.get("cores", "?"),
                                                  st.get("java", "?")))
    su.append("| load average (1, 5, 15 min) | at the start %s; at the end %s (mostly the runs' own JVMs) |"
              % (st.get("load_start") or "?", st.get("load_end") or "?"))
    if st.get("others_cores") is not None:
        su.append("| CPU taken by other processes during the runs | %.2f cores on average |" % st["others_cores"])
    su.append("")
    if st.get("busy"):
        su.append("**Warning: the machine was busy during the start-up runs** (%s): other processes stretched wall "
                   "times and, less, CPU seconds. Treat small deltas as noise and re-run on a quiet machine before "
                   "quoting them.\n" % "; ".join(st["busy"]))
    su.append("| pair | side | wall s | CPU s | before main, CPU s | JIT, CPU s | peak RSS MiB | classes |")
    su.append("|---|---|---|---|---|---|---|---|")
    targets = {"sdk": [("CPU", "cpu_s", 0.050, "s"), ("RSS", "rss_mib", 10, "MiB")],
               "sdk-appcds": [("CPU", "cpu_s", 0.050, "s"), ("RSS", "rss_mib", 10, "MiB")],
               "agent": [("CPU before main", "cpu_before_main_s", 0.300, "s"),
                         ("CPU before main, the main thread's (it runs premain)", "main_before_main_s", None, "s"),
                         ("CPU before main, the JIT compiler threads'", "jit_before_main_s", None, "s"),
                         ("classes", "classes", 150, ""), ("CPU, whole process", "cpu_s", None, "s")],
               "agent-c1": [("CPU before main", "cpu_before_main_s", None, "s"),
                            ("CPU before main, the main thread's", "main_before_main_s", None, "s")]}
    verdicts = []
    for name, sides in st["results"].items():
        for side in ("baseline", "candidate", "before"):
            rs = sides.get(side)
            if not rs:
                continue
            su.append("| %s | %s | %.2f / %.2f | %.2f / %.2f | %s | %s | %.0f / %.0f | %d |" % (
                name, side, mn(rs, "wall_s"), med(rs, "wall_s"), mn(rs, "cpu_s"), med(rs, "cpu_s"),
                opt(rs, "cpu_before_main_s"), opt(rs, "jit_s"),
                mn(rs, "rss_mib"), med(rs, "rss_mib"), med(rs, "classes")))
        for what, k, target, unit in targets.get(name, []):
            if any(k not in x for x in sides["candidate"] + sides["baseline"]):
                continue  # a run from before the probe reported it, or not on Linux
            d, lo, hi = paired_delta(sides["candidate"], sides["baseline"], k)
            u = " " + unit if unit else ""
            interval = "95%% interval %+.3g to %+.3g%s" % (lo, hi, u) if lo is not None else "too few runs for an interval"
            was = ""
            if sides.get("before") and all(k in x for x in sides["before"]):
                was = "; before: %+.3g%s" % (paired_delta(sides["before"], sides["baseline"], k)[0], u)
            if target is None:
                jit = ""
                if k == "cpu_s" and all("jit_s" in x for x in sides["candidate"] + sides["baseline"]):
                    jit = ", of which the JIT's threads %+.3g s" % paired_delta(
                        sides["candidate"], sides["baseline"], "jit_s")[0]
                verdicts.append("%s %s: %+.3g%s (%s)%s; no target%s" % (name, what, d, u, interval, jit, was))
                continue
            verdict = ("within error" if lo is None
                       else "met" if hi <= target else "**missed**" if lo > target else "within error")
            verdicts.append("%s %s: %+.3g%s (%s; target +%g%s): %s%s" % (
                name, what, d, u, interval, target, u, verdict, was))
    su.append("")
    su.extend("- " + v for v in verdicts)
    su.append("")
    return su


MACRO_HEADING = "## Macro: a Spring AI chat service under load"
MACRO_ROWS = [("startup_ms", "start-up to the first answer (ms)", "%.0f"), ("p50_ms", "latency p50 (ms)", "%.1f"),
              ("p95_ms", "latency p95 (ms)", "%.1f"), ("throughput_rps", "throughput (requests/s)", "%.1f"),
              ("cpu_s", "CPU over the window (s)", "%.2f"), ("alloc_mib", "allocated over the window (MiB)", "%.0f"),
              ("peak_threads", "peak live threads", "%.0f")]


def macro_section(m):
    """The macro section (a list of lines) from macro.py's JSON."""
    out = [MACRO_HEADING, ""]
    out.append("`bench/macro.py`: the repository's Spring sample (Boot 4, Spring AI 2's `ChatClient`, Boot's "
               "OpenTelemetry starter, the last9-genai starter) serving `POST /chat` against its loopback model "
               "server, in fresh JVMs, paired and interleaved, %d rounds; %d warm-up requests, then an open-loop load "
               "of %.0f requests/s for %.0f s, conversations of %d turns. *starter*: `last9.genai.enabled` false vs "
               "true in the same jar. *agent*: the same application under the Java agent (%s) with its own tracing "
               "and the starter off, without vs with the extension. Latency counts from each request's scheduled "
               "time. Medians, the minimum in brackets." % (m["rounds"], m["warmup"], m["rate"], m["seconds"],
                                                              m["turns"], m.get("agent") or "not run"))
    out.append("")
    others = m.get("others_cores")
    out.append("Load average %s at the start, %s at the end (mostly the service's and the load's own), on %d cores%s." % (
        " ".join(m["load_start"]), " ".join(m["load_end"]), m["cores"],
        "; other processes took %.2f cores on average during the rounds" % others if others is not None else ""))
    if m["busy"]:
        # a list of reasons; older runs' files hold True (the load average alone)
        why = "; ".join(m["busy"]) if isinstance(m["busy"], list) else "load average above half the cores"
        out.append("")
        out.append("**Warning: the machine was busy during this run** (%s): the ratios below are not trustworthy, "
                   "and no goal is reported as met from them." % why)
    out.append("")
    for pair, rows in m["summary"].items():
        out.append("| %s | without | with | ratio |" % pair)
        out.append("|---|---|---|---|")
        for key, label, fmt in MACRO_ROWS:
            r = rows[key]
            out.append("| %s | %s (%s) | %s (%s) | %s |" % (
                label, fmt % r["without_median"], fmt % r["without_min"], fmt % r["with_median"],
                fmt % r["with_min"], "%.2fx" % r["ratio_median"] if r["ratio_median"] else "-"))
        out.append("")
    if m.get("errors"):
        out.append("%d requests failed in this run." % m["errors"])
        out.append("")
    out.append("Reproduce: `mvn -q -pl examples/spring-ai-chat -am package -DskipTests`, then `python3 "
               "bench/macro.py --rounds %d --rate %.0f --seconds %.0f --out macro.json --agent <agent jar> "
               "--extension <extension jar>`, or `BENCH_MACRO_ONLY=1 bench/run-benchmarks.sh`." % (
                   m["rounds"], m["rate"], m["seconds"]))
    out.append("")
    return out


def splice(page, heading, section):
    """Replaces the section under {@code heading}, or inserts it before the measurement notes."""
    start = next((i for i, l in enumerate(page) if l == heading), None)
    if start is not None:
        end = next((i for i in range(start + 1, len(page)) if page[i].startswith("## ")), len(page))
        page[start:end] = section
    else:
        at = next((i for i, l in enumerate(page) if l == "## What each measurement does"), len(page))
        page[at:at] = section


def included_section(path):
    """A markdown file as a section of the page: its title a second-level heading, its headings one level down."""
    lines = open(path).read().rstrip("\n").split("\n")
    out = []
    for l in lines:
        out.append("#" + l if l.startswith("#") else l)
    out.append("")
    out.append("(From [%s](%s), which is the source of this section.)" % (os.path.basename(path),
                                                                       os.path.basename(path)))
    out.append("")
    return out


if a.include_only:
    page = open(a.out).read().split("\n")
    for path in a.include:
        section = included_section(path)
        splice(page, section[0], section)
    open(a.out, "w").write("\n".join(page))
    sys.exit(0)

if a.macro_only:
    page = open(a.out).read().split("\n")
    splice(page, MACRO_HEADING, macro_section(json.load(open(a.macro))))
    open(a.out, "w").write("\n".join(page))
    sys.exit(0)

if a.startup_only:
    # the start-up section alone, spliced into the page as it is: the JMH rows keep their own run's machine table
    page = open(a.out).read().split("\n")
    splice(page, "## Start-up", startup_section(json.load(open(a.startup))))
    if a.notes and os.path.exists(a.notes):
        # the notes close the page, as in a full run: refreshed with the section they describe
        notes = open(a.notes).read().split("\n")
        at = next((i for i, l in enumerate(page) if l == notes[0]), None)
        if at is not None:
            page[at:] = notes
    open(a.out, "w").write("\n".join(page))
    sys.exit(0)

runs = []
for f in a.jmh:
    runs.extend(json.load(open(f)))
R = {}
for r in runs:
    name = r["benchmark"].rsplit(".", 2)
    key = name[-2] + "." + name[-1]          # e.g. ProcessorBench.m1_hand
    pm = r["primaryMetric"]
    gc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})
    err = pm.get("scoreError")
    R[key] = dict(score=pm["score"], err=(0.0 if err in (None, "NaN") or (isinstance(err, float) and math.isnan(err)) else err),
                  unit=pm["scoreUnit"], bytes=gc.get("score"), threads=r.get("threads"), jdk=r.get("jdkVersion"),
                  vm=r.get("vmName"), jvmArgs=r.get("jvmArgs"))

def g(k):
    return R.get(k)

def rel(x):
    return x["err"] / x["score"] if x["score"] else 0.0

def ratio(c, b):
    r = c["score"] / b["score"]
    return r, r * math.sqrt(rel(c) ** 2 + rel(b) ** 2)

def fb(x):
    if x is None or x.get("bytes") is None:
        return "n/a"
    v = x["bytes"]
    return "%d" % round(v) if v >= 0.5 else "0"

def fns(x):
    s = x["score"]
    return ("%.1f ± %.1f" if s < 100 else "%.0f ± %.0f") % (s, x["err"])

def verdict(val, err, target, le=True):
    # met only when the whole error interval meets the target: a ratio whose error bar straddles it is not a claim
    if le:
        if val + err <= target: return "met"
        if val - err <= target: return "within error"
        return "**missed**"
    if val - err >= target: return "met"
    if val + err >= target: return "within error"
    return "**missed**"

rows = []   # (id, what, candidate, baseline, ratio text, target, verdict, bytes cand, bytes base)
missing = []

def ratio_row(mid, what, ck, bk, target, bytes_target=None, extra="", class_names=False):
    c, b = g(ck), g(bk)
    if not c or not b:
        missing.append(mid); return
    r, e = ratio(c, b)
    v = "reported" if target is None else verdict(r, e, target)
    if bytes_target is not None and c.get("bytes") is not None and b.get("bytes") is not None:
        d = c["bytes"] - b["bytes"]
        if d > bytes_target + 0.5:
            v = "**missed** (B/op)" if v == "met" else v + ", **missed** (B/op)"
    tgt = ("—" if target is None else "≤ %.2fx" % target) + (("" if bytes_target is None else ", ≤ +%d B/op" % bytes_target))
    label = (lambda k: k) if class_names else (lambda k: k.split(".")[1])
    rows.append((mid, what, "%s (%s ns)" % (label(ck), fns(c)), "%s (%s ns)" % (label(bk), fns(b)),
                 "%.2fx ± %.2f%s" % (r, e, extra), tgt, v, fb(c), fb(b)))

ratio_row("M1", "span in conversation + workflow scope, 6 attributes stamped", "ProcessorBench.m1_last9", "ProcessorBench.m1_hand", 1.00)
ratio_row("M1b", "span outside every scope, our processor installed", "ProcessorBench.m1b_last9", "ProcessorBench.m1b_plain", 1.03, 0)
ratio_row("M2", "observed LLM call (span, timing, usage via extractor, pricing in onEnding, attributes)", "ObserveBench.m2_observe", "ObserveBench.m2_hand", 1.10, 48)
ratio_row("M2'", "same, with per-call pricing (`.pricing(map)`)", "ObserveBench.m2_observeCallPricing", "ObserveBench.m2_hand", 1.10, 48)

c, b = g("ObserveBench.m2b_observeNoop"), g("ObserveBench.m2b_direct")
if c and b:
    d = c["score"] - b["score"]; e = math.hypot(c["err"], b["err"])
    v = verdict(d, e, 20.0)
    if (c.get("bytes") or 0) - (b.get("bytes") or 0) > 0.5:
        v = "**missed** (B/op)" if v == "met" else v + ", **missed** (B/op)"
    rows.append(("M2b", "observe on a no-op OpenTelemetry", "m2b_observeNoop (%s ns)" % fns(c), "m2b_direct (%s ns)" % fns(b),
                 "+%.1f ns ± %.1f" % (d, e), "≤ +20 ns, 0 B", v, fb(c), fb(b)))
else:
    missing.append("M2b")

# M3: throughput scaling 2T/1T = 2 * t(1T) / t(2T) (JMH avgt at 2 threads is time per op per thread)
def scaling(op):
    t1, t2 = g("Concurrency1T." + op), g("Concurrency2T." + op)
    if not t1 or not t2: return None
    s = 2 * t1["score"] / t2["score"]
    return s, s * math.hypot(rel(t1), rel(t2)), t1, t2

sdk = scaling("m3_sdkSpan")
m3rows = []
if sdk:
    for op, what in [("m3_distinctConversations", "observed call, distinct conversations"),
                     ("m3_sameConversation", "observed call, same conversation (turns from one counter)"),
                     ("m3_sameWorkflow", "observed call, same workflow (cost into one totals)")]:
        s = scaling(op)
        if not s: missing.append(op); continue
        r = s[0] / sdk[0]; e = r * math.hypot(s[1] / s[0], sdk[1] / sdk[0])
        rows.append(("M3", what, "%s: %.2fx (1T %s, 2T %s ns)" % (op, s[0], fns(s[2]), fns(s[3])),
                     "SDK span: %.2fx (1T %s, 2T %s ns)" % (sdk[0], fns(sdk[2]), fns(sdk[3])),
                     "%.2f ± %.2f of the SDK's scaling" % (r, e), "≥ 0.90", verdict(r, e, 0.9, le=False), fb(s[3]), fb(sdk[3])))
    s = scaling("m3_workflowTotalsAdd")
    if s:
        rows.append(("M3", "same-workflow cost: WorkflowTotals.addLlmCall from 2 threads", "2T/1T throughput (1T %s, 2T %s ns)" % (fns(s[2]), fns(s[3])),
                     "—", "%.2fx ± %.2f" % (s[0], s[1]), "≥ 1.80x", verdict(s[0], s[1], 1.8, le=False), fb(s[3]), "—"))
    s = scaling("m3_turnStoreSameConversation")
    if s:
        m3rows.append("- Turn store alone, same conversation from 2 threads (a contended `AtomicLong`; the turn number must be returned, so no adder): "
                      "2T/1T throughput %.2fx ± %.2f (1T %s ns, 2T %s ns per op per thread). A conversation rarely has two turns at once." % (s[0], s[1], fns(s[2]), fns(s[3])))
else:
    missing.append("M3")

ratio_row("M4", "our processor + BatchSpanProcessor (no-op exporter), 6 attributes stamped", "PipelineBench.m4_last9Bsp", "PipelineBench.m4_bsp", 1.5)
ratio_row("M6", "our processor stamping 4 context keys vs contrib BaggageSpanProcessor stamping the same 4 from Baggage",
          "ProcessorBench.m6_last9", "ProcessorBench.m6_baggage", 0.7)

m6 = [g("ProcessorBench.m6_last9"), g("ProcessorBench.m6_baggage"), g("ProcessorBench.m6_hand4"), g("ProcessorBench.m1b_plain")]
if all(m6):
    r1, e1 = ratio(m6[2], m6[1]); r2, e2 = ratio(m6[0], m6[2])
    m3rows.append("")
    m3rows.append("Context for M6 (what the SDK leaves to win): the same 4 keys set by hand in `onStart` (`m6_hand4`, %s ns, %s B) "
                  "cost %.2fx ± %.2f of the BaggageSpanProcessor, and the bare span (`m1b_plain`) %s ns. Our processor is %.2fx ± %.2f "
                  "of that hand-written floor. A ratio of 0.7x to the BaggageSpanProcessor would need to be below the floor "
                  "whenever the floor is above 0.7x of it." % (fns(m6[2]), fb(m6[2]), r1, e1, fns(m6[3]), r2, e2))
# The floor of "every span is priced, whoever made it": a hand-written processor that learns a span is no
# model call with the three reads any pricing processor must make at its end (each behind the span's lock).
for mid, ours, floor, base, what in [
        ("M1b", "ProcessorBench.m1b_last9", "ProcessorBench.m1b_pricingReads", "ProcessorBench.m1b_plain",
         "only those three reads at the end"),
        ("M1", "ProcessorBench.m1_last9", "ProcessorBench.m1_handPricingReads", "ProcessorBench.m1_hand",
         "the hand-written six attributes and those three reads"),
        ("M4", "PipelineBench.m4_last9Bsp", "PipelineBench.m4_floorBsp", "PipelineBench.m4_bsp",
         "the hand-written six attributes and those three reads, with the same BatchSpanProcessor")]:
    o, f, b = g(ours), g(floor), g(base)
    if not (o and f and b):
        missing.append(mid + " floor"); continue
    r1, e1 = ratio(f, b); r2, e2 = ratio(o, f)
    m3rows.append("")
    m3rows.append("Context for %s (the floor of \"every span is priced, whoever made it\"): a processor doing %s (`%s`, %s ns, %s B) "
                  "costs %.2fx ± %.2f of the baseline `%s`; ours is %.2fx ± %.2f of that floor."
                  % (mid, what, floor.split(".")[1], fns(f), fb(f), r1, e1, base.split(".")[1], r2, e2))
for k, what in [("PricingBench.m7_firstTime", "new response model name (`gpt-4o-NNNNNNNN`, date rule)"),
                ("PricingBench.m7_firstTimeUnknown", "new name that nothing matches (worst case: every rule tried)")]:
    x = g(k)
    if not x: missing.append(k); continue
    us, eu = x["score"] / 1000, x["err"] / 1000
    rows.append(("M7", "first time: " + what, "%s (%.2f ± %.2f µs)" % (k.split(".")[1], us, eu), "—", "%.2f µs ± %.2f" % (us, eu),
                 "< 20 µs", verdict(us, eu, 20.0), fb(x), "—"))
ratio_row("M7", "seen again (resolution cache), no provider hint", "PricingBench.m7_repeat", "PricingBench.m7_hashMap", 2.0)
ratio_row("M7", "seen again, with provider hint `openai`", "PricingBench.m7_repeatHinted", "PricingBench.m7_hashMap", 2.0)
ratio_row("M8", "an LLM span (model, provider, input, output, cached tokens) priced in onEnding vs cost tracking off",
          "CostBench.m8_priced", "CostBench.m8_unpriced", 3.0)

ratio_row("M9", "conversation sampler's decision, span inside a conversation (hashes the 20-character id)",
          "SamplerBench.m9_conversation", "SamplerBench.m9_sdkRatio", 3.0)
ratio_row("M9b", "conversation sampler's decision, span outside every conversation (delegates to parent-based ratio)",
          "SamplerBench.m9b_conversationOutside", "SamplerBench.m9b_sdkParentBased", 1.2)
ratio_row("M10", "HTTP span dropped by the sampler, library installed (processor + cost-preserving wrapper)",
          "SamplerBench.m10_last9Dropped", "SamplerBench.m10_sdkDropped", 1.1, 0)
m10b, m10base = g("SamplerBench.m10b_last9InScope"), g("SamplerBench.m10_sdkDropped")
if m10b and m10base:
    r, e = ratio(m10b, m10base)
    m3rows.append("")
    m3rows.append("Context for M10: a non-GenAI span that the sampler drops *inside* a conversation scope is recorded, not "
                  "exported, so that an LLM span named only at its end (Spring AI) is still priced: `m10b_last9InScope` "
                  "%s ns, %s B, %.2fx ± %.2f of the SDK's dropped span. That is the price of a recorded span, paid "
                  "only inside scopes." % (fns(m10b), fb(m10b), r, e))

# M11: the same spans under the Java agent, agent + last9-genai extension vs agent alone (two forks of one run)
for shape, what, target in [
        ("plain", "under the Java agent: span outside every scope, through `GlobalOpenTelemetry`", 1.10),
        ("inScopes", "under the Java agent: span inside the application's conversation + workflow scopes", None),
        ("priced", "under the Java agent: `chat gpt-4o` span with token counts inside the scopes (priced, added to the workflow)", None)]:
    ratio_row("M11", what, "AgentLast9Bench.m11_" + shape, "AgentOnlyBench.m11_" + shape, target, class_names=True)
agent_versions = sorted({m.group(1) for x in R.values() for arg in (x.get("jvmArgs") or [])
                         for m in [re.search(r"opentelemetry-javaagent-([0-9][0-9A-Za-z.-]*)\.jar", arg)] if m})

mem = None
if a.memory and os.path.exists(a.memory):
    mem = json.load(open(a.memory))
    ok = mem["openSpanEntries"] == [0, 0]
    bound = mem["storeSizeRound1"] - mem["storeSizeEmpty"] <= mem["storeBound"] and mem["storeSizeRound2"] <= mem["storeBound"]
    per = mem["bytesPerConversation"]
    rows.append(("M5", "retained after %d spans over %d conversations" % (mem["spans"], mem["conversations"]),
                 "%.1f MB after round 1, %.1f MB after round 2 (new ids)" % (mem["afterRound1Bytes"] / 1e6, mem["afterRound2Bytes"] / 1e6),
                 "%.1f MB empty" % (mem["emptyBytes"] / 1e6),
                 "span-keyed entries %s; store %d (bound %d), then %d; %.0f B per conversation (incl. the %d B id String)"
                 % (mem["openSpanEntries"], mem["storeSizeRound1"], mem["storeBound"], mem["storeSizeRound2"], per, mem["keyStringBytes"]),
                 "0 span-keyed; store at bound; ≤ 100 B/entry",
                 ("met" if ok and bound and per <= 100 else ("**missed** (B/entry)" if ok and bound else "**missed**")), "—", "—"))
else:
    missing.append("M5")

def sh(cmd):
    try: return subprocess.check_output(cmd, shell=True, text=True, stderr=subprocess.DEVNULL).strip()
    except Exception: return "?"

cpu = machine.cpu_model()
memtotal = "?"
try:
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            memtotal = "%.1f GB" % (int(line.split()[1]) / 1024 / 1024); break
except OSError: pass
any_r = next(iter(R.values()), {})

out = []
out.append("# Performance\n")
out.append("Generated by `bench/run-benchmarks.sh` (JMH 1.37, module `bench`) on %s. Do not edit by hand: "
           "re-run the script.\n" % datetime.date.today().isoformat())
out.append("Every ratio is candidate / baseline, both measured as methods of the same benchmark class in the same run "
           "(JMH `AverageTime`, ns/op; lower is better). The error is the 99.9% confidence half-width that JMH "
           "reports, propagated through the ratio (relative errors added in quadrature). B/op is `gc.alloc.rate.norm` "
           "(`-prof gc`). A target is *met* when the whole error interval meets it, *within error* when only part of the "
           "interval does.\n")
out.append("## Machine and run\n")
out.append("| | |\n|---|---|")
out.append("| CPU | %s, %s cores (`nproc`) |" % (cpu, sh("nproc")))
out.append("| memory | %s |" % memtotal)
out.append("| JDK | %s %s |" % (any_r.get("vm", "?"), any_r.get("jdk", "?")))
out.append("| OS | %s |" % platform.platform())
out.append("| date | %s |" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
out.append("| JMH settings | %s forks, warm-up %s x %s, measurement %s x %s, `-prof gc` (scaled down from 3 forks, 5 x 1 s warm-up, 10 x 1 s measurement, so that the whole suite takes about 40 minutes on 2 cores) |"
           % (a.forks, a.warmup, a.iter_time, a.measure, a.iter_time))
out.append("| script wall time | %d min %d s |" % (a.elapsed // 60, a.elapsed % 60))
busy = []
cores = int(sh("nproc")) if sh("nproc").isdigit() else 1
if a.load_start or a.load_end:
    out.append("| load average (1, 5, 15 min) | at the start %s; when JMH ended %s |" % (a.load_start or "?", a.load_end or "?"))
    def load1(v):
        try: return float(v.split()[0])
        except Exception: return None
    ls, le = load1(a.load_start or ""), load1(a.load_end or "")
    # idle before the run; during it JMH itself keeps at most one core per benchmark thread (two) busy
    if ls is not None and ls > 0.5:
        busy.append("the 1-minute load was %.2f when the run started (something else was running)" % ls)
    if le is not None and le > cores:
        busy.append("the 1-minute load was %.2f on %d cores when JMH ended (more than JMH's own threads)" % (le, cores))
out.append("| OpenTelemetry | SDK 1.68.0; contrib opentelemetry-baggage-processor 1.59.0-alpha%s |"
           % ("; Java agent %s (M11)" % ", ".join(agent_versions) if agent_versions else ""))
for note in a.run_note:
    out.append("| note | %s |" % note)
out.append("")
if busy:
    out.append("**Warning: the machine was busy during this run** (%s). Its ratios are less trustworthy than their error "
               "bars say: re-run on a quiet machine before quoting them.\n" % "; ".join(busy))
out.append("On a 2-vCPU VM, errors of ±15–50% are normal: treat ratio differences under ~15% as noise unless they repeat.\n")
out.append("## Results\n")
out.append("| # | measurement | candidate | baseline (same run) | result | target | verdict | B/op cand. | B/op base |")
out.append("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    out.append("| " + " | ".join(str(x) for x in r) + " |")
out.append("")
if m3rows:
    out.append("Context:\n")
    out.extend(m3rows); out.append("")
if a.startup and os.path.exists(a.startup):
    out.extend(startup_section(json.load(open(a.startup))))
if a.macro and os.path.exists(a.macro):
    out.extend(macro_section(json.load(open(a.macro))))
for path in a.include:
    out.extend(included_section(path))
if missing:
    out.append("Not measured in this run: %s.\n" % ", ".join(missing))
out.append("## What each measurement does\n")
out.append("""- **M1** `ProcessorBench.m1_last9` starts and ends a span whose explicit parent context is inside
  `ConversationContext(conv, user)` and `WorkflowContext(wf, type rag, custom tenant)`: our processor stamps
  conversation id, turn, user id, workflow id and type, `custom.tenant` (6 attributes; it also runs `onEnding`, which
  looks for usage to price). Baseline `m1_hand`: a processor that reads a record from the Context and calls
  `setAttribute` six times in `onStart`. Each provider has exactly one processor.
- **M1b** the same span with a root parent: provider with only our processor vs provider with only a
  `NullProcessor` (a provider with no processor returns a no-op tracer in SDK 1.68). Our processor has seen one
  scoped span first, as in any application that opens a scope somewhere, so its table of open spans is in use.
- **Floors** of "every span is priced, whoever made it": hand-written processors that make the three reads a span's
  end needs to tell that it is no model call (`gen_ai.operation.name`, request and response model), alone
  (`m1b_pricingReads`), after `m1_hand`'s six attributes (`m1_handPricingReads`), and the latter before the same
  `BatchSpanProcessor` as M4 (`m4_floorBsp`).
- **M2** `Observation.get(supplier)` (capture off) vs the same work by hand: span with the same start attributes,
  `makeCurrent`, the call, response model/id/finish reasons and input/output tokens set, `end`. Both run on a
  provider with our processor, which prices both in `onEnding`. **M2'** adds per-call pricing.
- **M2b** `Observation` built on `OpenTelemetry.noop()` vs calling the supplier.
- **M3** `Concurrency1T`/`Concurrency2T` (`@Threads(1)`/`@Threads(2)`, same methods): an observed priced LLM call per
  op, in a conversation of the thread's own, in one shared conversation, or in one shared workflow; plus the raw
  `WorkflowTotals.addLlmCall` and `InMemoryTurnStore.nextTurn`. Scaling = 2T/1T throughput; the plain SDK span's own
  scaling is the baseline.
- **M4** our processor + `BatchSpanProcessor(SpanExporter.composite())` vs the BSP alone, span inside the M1 scopes.
- **M5** `RetainedMemory` (a plain main): 1,000,000 observed, priced spans over 100,000 conversations (every tenth in
  a workflow, every one with per-call pricing), heap via `MemoryMXBean` after repeated `System.gc()`, then a second
  round over 100,000 new conversation ids. Bytes per conversation = (heap after - empty heap) / turn-store entries.
- **M6** our processor stamping workflow id, type, user id and `custom.tenant` from a workflow scope vs
  `BaggageSpanProcessor.allowAllBaggageKeys()` stamping the same 4 keys from Baggage.
- **M7** `PriceCatalog.find` on the bundled catalog (1,466 models): a name never seen before (new each call), and a
  name seen before, vs `HashMap.get` on a 20-entry map.
- **M8** `CostBench`: a `chat gpt-4o` span outside every scope, written as an instrumentation writes it, ended on a
  processor that prices it from the catalog (reading the counts the entry needs, writing four cost attributes) vs
  the same processor with `costTracking(false)`.
- **M9** `SamplerBench`: `ConversationSampler(0.1).shouldSample` with a parent context inside a conversation
  (`user_123_session_456`) and a workflow scope, vs `Sampler.traceIdRatioBased(0.1)` on the same arguments.
  **M9b** the same sampler with a root parent (no conversation, no Baggage: it looks for one, then delegates to
  `parentBased(traceIdRatioBased(0.1))`) vs that delegate alone.
- **M10** an HTTP server span (2 attributes on the builder) started and ended on a provider whose sampler drops it:
  `CostPreservingSampler.wrap(alwaysOff())` + our processor vs `alwaysOff()` + a `NullProcessor`. The span is not
  a GenAI span and starts outside every scope, so it stays dropped; the difference is the wrapper's check.
- **M11** `AgentBench`: an application under the OpenTelemetry Java agent makes its spans through
  `GlobalOpenTelemetry`, which the agent bridges into its own SDK (an extra layer, paid on both sides). The same
  methods run in the forks of two subclasses, in the same JMH run: `AgentOnlyBench` with the agent alone,
  `AgentLast9Bench` with the agent and `-Dotel.javaagent.extensions=<last9-genai-javaagent-extension jar>`. Both export through the agent's
  `BatchSpanProcessor` to an exporter that discards (a one-class extension jar built by the benchmarks module:
  with `otel.traces.exporter=none` the agent's autoconfiguration makes no `BatchSpanProcessor` at all); metrics
  and logs exporters are `none`. Shapes: a span outside every scope; a span inside a
  `ConversationContext` and a `WorkflowContext` the application opened (once per iteration); a `chat gpt-4o`
  client span with input and output tokens inside those scopes, which the extension stamps, prices and adds to
  the workflow. Each fork checks at set-up that its spans record and that a priced span adds to a workflow's
  cost exactly when the extension is loaded.
""")
if a.notes and os.path.exists(a.notes):
    out.append(open(a.notes).read())
os.makedirs(os.path.dirname(a.out), exist_ok=True)
open(a.out, "w").write("\n".join(out) + "\n")
print("\n".join(out[out.index("## Results\n"):out.index("## Results\n") + len(rows) + 4]))
