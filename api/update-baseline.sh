#!/usr/bin/env bash
# Records the public API of the published modules as the baseline that the API check in `mvn verify` (japicmp)
# compares each module's jar against. Running it is how a break of the public API is accepted, so it is run only
# for an intended break, and the commit that updates api/ adds the break and its migration to CHANGELOG.md.
#
#   api/update-baseline.sh [maven options] [module ...]
#
# The published modules are those whose pom declares japicmp-maven-plugin. With no module named, each of them whose
# API listing (api/<module>.txt) changed is refreshed; a module named is refreshed even when its listing did not
# change. Maven options (for example -o) are passed to the build, which only compiles, never installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

maven_options=()
named=()
for arg in "$@"; do
  case $arg in
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*) maven_options+=("$arg") ;;
    *) named+=("${arg%/}") ;;
  esac
done

# (a module one level deeper counts too: the Quarkus extension's runtime is last9-genai-quarkus/runtime)
published=()
for pom in */pom.xml */*/pom.xml; do
  if grep -q '<artifactId>japicmp-maven-plugin</artifactId>' "$pom"; then
    published+=("${pom%/pom.xml}")
  fi
done
if [ ${#named[@]} -gt 0 ]; then
  modules=("${named[@]}")
else
  modules=("${published[@]}")
fi
for module in "${modules[@]}"; do
  if ! printf '%s\n' "${published[@]}" | grep -qx -- "$module"; then
    echo "not a published module: $module (published: ${published[*]})" >&2
    exit 2
  fi
done

# The baseline is class files, so compiling is enough; -am compiles the modules these depend on from this
# checkout too, never from the local repository, and clean drops the classes of deleted sources, which would
# otherwise be recorded as API.
echo "compiling ${modules[*]}"
mvn -B -q -Dstyle.color=never "${maven_options[@]}" clean compile -pl "$(IFS=,; echo "${modules[*]}")" -am

# The classes of a module outside its internal packages, as paths relative to its target/classes.
public_classes() {
  (cd "$1/target/classes" && find . -name '*.class' ! -path '*/internal/*' | sed 's|^\./||' | LC_ALL=C sort)
}

# The module's artifactId, which names its files in api/ (the check reads api/<artifactId>.jar): the first
# artifactId of its pom outside the <parent> element.
artifact_of() {
  sed '/<parent>/,/<\/parent>/d' "$1/pom.xml" | grep -m1 -o '<artifactId>[^<]*' | sed 's/<artifactId>//'
}

# What javap shows of those classes' public and protected types and members, by class name: the listing a
# reviewer reads in the diff of an API change.
api_listing() {
  echo "# Public API of $2, recorded in api/$2.jar by api/update-baseline.sh"
  public_classes "$1" | sed 's|\.class$||; s|/|.|g' | LC_ALL=C sort \
    | xargs -r javap -protected -cp "$1/target/classes" \
    | awk '/^Compiled from / { next } /^[^ }]/ { keep = ($1 == "public" || $1 == "protected") } keep'
}

mkdir -p api
changed=()
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for module in "${modules[@]}"; do
  artifact=$(artifact_of "$module")
  api_listing "$module" "$artifact" > "$scratch/$artifact.txt"
  if [ ${#named[@]} -eq 0 ] && [ -f "api/$artifact.jar" ] && cmp -s "$scratch/$artifact.txt" "api/$artifact.txt"; then
    continue
  fi
  # Only public packages: internal ones are not compared, and keeping them out keeps the baseline small.
  public_classes "$module" > "$scratch/$artifact.classes"
  rm -f "api/$artifact.jar"
  # (a manifest lets jar write the jar of a module with no public class, such as the Java agent extension)
  (cd "$module/target/classes" \
    && jar --create --file "$root/api/$artifact.jar" --manifest=/dev/null "@$scratch/$artifact.classes")
  mv "$scratch/$artifact.txt" "api/$artifact.txt"
  changed+=("$module")
done

if [ ${#changed[@]} -eq 0 ]; then
  echo "no API listing changed: api/ is as it was"
  exit 0
fi
echo "baseline refreshed for: ${changed[*]}"
git --no-pager diff --stat -- api/ || true
echo "Record the break and its migration under [Unreleased] in CHANGELOG.md, and commit both together."
