#!/usr/bin/env bash
# Builds the JMH suite, runs it, and writes docs/PERFORMANCE.md from JMH's JSON.
#
#   bench/run-benchmarks.sh            # the full suite (about 40 minutes on 2 cores)
#   BENCH_QUICK=1 bench/run-benchmarks.sh   # a smoke run (1 fork, short iterations): numbers are not meaningful
#   python3 bench/startup.py --bench-dir bench/target --out /tmp/startup.json
#                                      # the start-up pairs alone (about 8 minutes with the agent pair), after a
#                                      # -Pbenchmarks build; --before-dir <another build's bench/target> adds that
#                                      # build's candidates as a third side, "before"
#   BENCH_MACRO_ONLY=1 bench/run-benchmarks.sh    # the macro benchmark alone (about 10 minutes): the Spring
#                                      # sample under load, with and without the starter and the agent's extension;
#                                      # replaces the macro section of docs/PERFORMANCE.md (BENCH_MACRO_FROM=<json> reuses one)
#   BENCH_STARTUP_ONLY=1 bench/run-benchmarks.sh
#                                      # builds and runs the start-up benchmark only (about 10 minutes) and replaces
#                                      # the start-up section of docs/PERFORMANCE.md, the rest as it was;
#                                      # BENCH_STARTUP_BEFORE=<another build's bench/target> passes --before-dir;
#                                      # BENCH_STARTUP_RUNS (default 36) sets the runs a side, BENCH_STARTUP_SDK_RUNS
#                                      # those of the short sdk pairs (default as many, at least 36)
#   BENCH_INCLUDE='io.last9.genai.bench.SamplerBench.*' BENCH_MERGE_WITH=docs/perf/jmh-2026-12-01.json \
#     BENCH_MEMORY_FROM=docs/perf/memory-2026-12-01.json bench/run-benchmarks.sh
#                                      # re-run some classes only; the other rows come from the earlier run's JSON
#   BENCH_INCLUDE='io.last9.genai.bench.Agent(Only|Last9)Bench.*' BENCH_MERGE_WITH=docs/perf/jmh-2026-12-01.json \
#     BENCH_MEMORY_FROM=docs/perf/memory-2026-12-01.json bench/run-benchmarks.sh
#                                      # M11 only (under the Java agent, about 3 minutes): AgentOnlyBench and AgentLast9Bench fork
#                                      # with -javaagent and the extension jar that the build copies to target/javaagent
#
# Budget (3 forks, 5x1s warm-up and 10x1s measurement would be the textbook settings; scaled down so that the whole
# suite takes about 40 min on 2 cores):
FORKS=${BENCH_FORKS:-2}
WARMUP=${BENCH_WARMUP:-5}     # iterations of 1 s
MEASURE=${BENCH_MEASURE:-5}   # iterations of 1 s
ITER_TIME=${BENCH_ITER_TIME:-1s}
if [[ -n "${BENCH_QUICK:-}" ]]; then FORKS=1; WARMUP=2; MEASURE=2; ITER_TIME=500ms; fi
set -euo pipefail
# the module and its scripts live together in bench/; the report goes to the repository's docs/
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/target/results"
JAR="$BENCH/target/benchmarks.jar"
start=$(date +%s)

echo "== build"
(cd "$ROOT" && mvn -q -B -Pbenchmarks -pl bench -am package -DskipTests)
mkdir -p "$OUT"

run_startup() {
  # startup.py owns the default number of runs and prints the count of each pair
  echo "== start-up: fresh JVMs, paired and interleaved"
  python3 "$BENCH/startup.py" --bench-dir "$BENCH/target" \
    ${BENCH_STARTUP_RUNS:+--runs "$BENCH_STARTUP_RUNS"} ${BENCH_STARTUP_SDK_RUNS:+--sdk-runs "$BENCH_STARTUP_SDK_RUNS"} \
    --out "$OUT/startup.json" \
    ${BENCH_STARTUP_BEFORE:+--before-dir "$BENCH_STARTUP_BEFORE"}
}

run_macro() {
  echo "== macro: the Spring sample under load, with and without the library (${BENCH_MACRO_ROUNDS:-3} rounds)"
  (cd "$ROOT" && mvn -q -B -pl examples/spring-ai-chat -am package -DskipTests)
  local agent
  agent=$(ls "$BENCH"/target/javaagent/opentelemetry-javaagent-*.jar | sort -V | tail -1)
  python3 "$BENCH/macro.py" --root "$ROOT" --rounds "${BENCH_MACRO_ROUNDS:-3}" --rate "${BENCH_MACRO_RATE:-40}" \
    --seconds "${BENCH_MACRO_SECONDS:-20}" --agent "$agent" \
    --extension "$BENCH/target/javaagent/last9-genai-javaagent-extension.jar" --out "$OUT/macro.json"
}

if [[ -n "${BENCH_MACRO_ONLY:-}" ]]; then
  run_macro
  python3 "$BENCH/report.py" --macro-only --macro "$OUT/macro.json" --out "$ROOT/docs/PERFORMANCE.md"
  echo "== replaced the macro section of docs/PERFORMANCE.md"
  exit 0
fi

if [[ -n "${BENCH_STARTUP_ONLY:-}" ]]; then
  run_startup
  python3 "$BENCH/report.py" --startup-only --startup "$OUT/startup.json" --notes "$BENCH/fixes.md" \
    --out "$ROOT/docs/PERFORMANCE.md"
  echo "== replaced the start-up section of docs/PERFORMANCE.md"
  exit 0
fi

# a busy machine makes ratios untrustworthy: the report records the load and warns. The build's load (or a
# preceding run's) lingers in the 1-minute average for minutes: let it settle first, as the other scripts do, to
# the 0.5 that report.py calls idle.
load_start=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import machine
print(" ".join(machine.settle(180, 0.5)) or "?")' "$BENCH" 2>/dev/null || echo "?")
INCLUDE=${BENCH_INCLUDE:-'io.last9.genai.bench.*Bench.*|io.last9.genai.bench.Concurrency[12]T.*'}
echo "== JMH (forks=$FORKS, warm-up ${WARMUP}x$ITER_TIME, measurement ${MEASURE}x$ITER_TIME, -prof gc)"
java -jar "$JAR" "$INCLUDE" \
  -f "$FORKS" -wi "$WARMUP" -w "$ITER_TIME" -i "$MEASURE" -r "$ITER_TIME" \
  -prof gc -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.log" | grep -E '^(Benchmark|[A-Za-z0-9]+\.m[0-9][^:]* )' || true

load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

if [[ -n "${BENCH_MACRO_FROM:-}" ]]; then
  cp "$BENCH_MACRO_FROM" "$OUT/macro.json"
else
  run_macro
fi

if [[ -n "${BENCH_STARTUP_FROM:-}" ]]; then
  cp "$BENCH_STARTUP_FROM" "$OUT/startup.json"
else
  run_startup
fi

if [[ -n "${BENCH_MEMORY_FROM:-}" ]]; then
  cp "$BENCH_MEMORY_FROM" "$OUT/memory.json"
else
  echo "== M5 retained memory"
  java -Xmx2g -XX:+UseG1GC -cp "$JAR" io.last9.genai.bench.RetainedMemory "$OUT/memory.json"
fi
JMH_FILES=("$OUT/jmh.json")
NOTES=()
if [[ -n "${BENCH_MERGE_WITH:-}" ]]; then
  JMH_FILES=("$BENCH_MERGE_WITH" "$OUT/jmh.json")
  NOTES=(--run-note "rows of \`$INCLUDE\` re-run on $(date +%F) with the settings above; the other rows (and M5) from \`$BENCH_MERGE_WITH\`")
fi

LOAD_ARGS=(--load-start "$load_start" --load-end "$load_end")
elapsed=$(( $(date +%s) - start ))
python3 "$BENCH/report.py" --jmh "${JMH_FILES[@]}" --memory "$OUT/memory.json" --startup "$OUT/startup.json" --macro "$OUT/macro.json" \
  --include "$ROOT/docs/EXPLORER-PERFORMANCE.md" ${NOTES[@]+"${NOTES[@]}"} \
  --forks "$FORKS" --warmup "$WARMUP" --measure "$MEASURE" --iter-time "$ITER_TIME" \
  --elapsed "$elapsed" ${LOAD_ARGS[@]+"${LOAD_ARGS[@]}"} --notes "$BENCH/fixes.md" --out "$ROOT/docs/PERFORMANCE.md"
echo "== wrote docs/PERFORMANCE.md in ${elapsed}s"
