#!/usr/bin/env bash
# Looks at the extension's Dev UI page: starts the loopback OpenAI-compatible server, runs this
# application in Quarkus dev mode, sends two requests of one conversation and screenshots the page
# with headless Chromium into docs/images/quarkus-dev-ui.png. Run from the repository root; needs
# Maven 3.9+ (MVN=/path/to/mvn) and chromium. QUARKUS (default 3.34.1) is the Quarkus it runs on:
# dev mode needs io.quarkus.qute:qute-debug, which Maven Central does not serve for 3.33.2.
set -euo pipefail
MVN=${MVN:-mvn}
QUARKUS=${QUARKUS:-3.34.1}
OUT=${OUT:-docs/images/quarkus-dev-ui.png}
WORK=$(mktemp -d)
IT=last9-genai-quarkus/integration-tests
BUILD=(-B -Pdev-ui -Dquarkus.version="$QUARKUS" -DskipTests -Djapicmp.skip=true -Dspotless.check.skip=true)
pids=()
cleanup() { for p in "${pids[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# the server's classpath: the test kit's dependencies, its classes and this module's test classes
"$MVN" "${BUILD[@]}" -q -pl "$IT" -am test-compile
"$MVN" -B -q -o -pl last9-genai-testing -am -DskipTests -Djapicmp.skip=true -Dspotless.check.skip=true \
  compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp"
java -cp "$(cat "$WORK/cp"):last9-genai-testing/target/classes:$IT/target/test-classes" \
  io.last9.genai.quarkus.it.DevUiOpenAiServer > "$WORK/openai" &
pids+=($!)
until [ -s "$WORK/openai" ]; do sleep 1; done

"$MVN" "${BUILD[@]}" -pl "$IT" -am compile "io.quarkus:quarkus-maven-plugin:$QUARKUS:dev" \
  -Ddebug=false -Dquarkus.console.enabled=false \
  -Dquarkus.langchain4j.openai.base-url="$(head -1 "$WORK/openai")" < /dev/null > "$WORK/dev.log" 2>&1 &
pids+=($!)
until grep -qs "Listening on" "$WORK/dev.log"; do
  sleep 2
  if ! kill -0 "${pids[1]}" 2>/dev/null; then cat "$WORK/dev.log"; exit 1; fi
done

headers=(-H 'X-Conversation-Id: trip-42' -H 'X-User-Id: user_123' -H 'Content-Type: text/plain')
curl -sf "${headers[@]}" -d 'What is the weather in Lisbon in May?' 'http://localhost:8080/chat?memory=trip-42'; echo
curl -sf "${headers[@]}" -d 'Plan me three days there.' 'http://localhost:8080/chat/research?memory=trip-42'; echo

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$WORK/chromium" --hide-scrollbars \
  --window-size=1280,720 --virtual-time-budget=15000 --screenshot="$OUT" \
  http://localhost:8080/q/dev-ui/last9-genai-quarkus/conversations
