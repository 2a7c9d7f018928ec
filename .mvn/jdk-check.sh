#!/bin/sh
# Run by ./mvnw before it starts Maven: sh .mvn/jdk-check.sh PROJECT_DIR [MAVEN ARGS...]
#
# trio4j is compiled, tested and run with a JDK 21 or newer that the build finds by
# itself (maven-toolchains-plugin, goal select-jdk-toolchain, in the root pom.xml), even
# when Maven runs on JDK 17. When no such JDK exists, that plugin only says "Cannot find
# matching toolchain definitions ... Define the required toolchains in your
# ~/.m2/toolchains.xml file", which is not what to do. So this script looks in the same
# places first and, when none of the JDKs there is recent enough, says plainly what to
# install, and stops before anything is downloaded.
#
# It errs on the side of letting Maven run (and decide): a JDK whose version it cannot
# tell, a range it cannot read, or a ~/.m2/toolchains.xml all let the build go on.
# The range comes from -Dtrio4j.jdk.version=... on the command line or in MAVEN_ARGS,
# else from <trio4j.jdk.version> in pom.xml. TRIO4J_SKIP_JDK_CHECK=1 skips the check.
set -u

[ "${TRIO4J_SKIP_JDK_CHECK:-}" = 1 ] && exit 0
HOME="${HOME:-/nonexistent}"
project_dir="${1:-.}"
[ $# -gt 0 ] && shift

# --- the wanted version range, e.g. [21,) ------------------------------------------
range=""
take_next=false
set -f # no globbing of MAVEN_ARGS
for arg in ${MAVEN_ARGS:-} "$@"; do
  if $take_next; then
    arg="-D$arg"
    take_next=false
  fi
  case "$arg" in
  -D | --define) take_next=true ;;
  --define=trio4j.jdk.version=*) range="${arg#--define=trio4j.jdk.version=}" ;;
  -Dtrio4j.jdk.version=*) range="${arg#-Dtrio4j.jdk.version=}" ;;
  esac
done
set +f
if [ -z "$range" ] && [ -f "$project_dir/pom.xml" ]; then
  range="$(sed -n 's:.*<trio4j\.jdk\.version>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</trio4j\.jdk\.version>.*:\1:p' "$project_dir/pom.xml" | head -n 1)"
fi
# Only the lower bound is checked: "[21,)" or "[21,26)" -> 21, "(20,)" -> 21.
case "$range" in
\[[0-9]*) min="$(printf %s "$range" | sed -n 's/^\[\([0-9][0-9]*\)[],].*/\1/p')" ;;
\([0-9]*) min="$(printf %s "$range" | sed -n 's/^(\([0-9][0-9]*\)[),].*/\1/p')"
  [ -n "$min" ] && min=$((min + 1)) ;;
*) min="" ;;
esac
[ -n "$min" ] || exit 0

# Hand-written toolchains: let the toolchains plugin decide.
[ -f "$HOME/.m2/toolchains.xml" ] && exit 0

# --- candidate JDK homes: the places maven-toolchains-plugin 3.3.0 searches ---------
candidates_file="$(mktemp 2>/dev/null || echo "${TMPDIR:-/tmp}/trio4j-jdk-check.$$")"
trap 'rm -f "$candidates_file"' EXIT
{
  [ -n "${JAVA_HOME:-}" ] && printf '%s\n' "$JAVA_HOME"
  # The JDK that will run Maven when JAVA_HOME is unset: the java on PATH.
  java_on_path="$(command -v java 2>/dev/null || true)"
  if [ -n "$java_on_path" ]; then
    java_on_path="$(readlink -f "$java_on_path" 2>/dev/null || printf %s "$java_on_path")"
    printf '%s\n' "${java_on_path%/bin/java}"
  fi
  # JAVA*_HOME variables (JAVA21_HOME, JAVA_HOME_25_X64, ...).
  env | sed -n 's/^JAVA[A-Za-z0-9_]*_HOME=//p'
  for parent in \
    "$HOME/.jdks" "$HOME/.m2/jdks" "$HOME/.sdkman/candidates/java" "$HOME/.gradle/jdks" \
    "$HOME/.jenv/versions" "$HOME/.jbang/cache/jdks" "$HOME/.asdf/installs/java" \
    "$HOME/.jabba/jdk" "$HOME/.local/share/mise/installs/java" \
    /usr/jdk /usr/java /usr/local/java /opt/java /opt/hostedtoolcache /usr/lib/jvm /usr/lib64/jvm \
    /Library/Java/JavaVirtualMachines "$HOME/Library/Java/JavaVirtualMachines"; do
    [ -d "$parent" ] || continue
    for dir in "$parent"/*; do
      [ -d "$dir" ] || continue
      printf '%s\n' "$dir"
      [ -d "$dir/Contents/Home" ] && printf '%s\n' "$dir/Contents/Home"
    done
  done
} >"$candidates_file" 2>/dev/null

# Major version of a JDK home ("" if unknown): from its release file, else from java.
jdk_major() {
  v="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$1/release" 2>/dev/null | head -n 1)"
  if [ -z "$v" ] && [ -x "$1/bin/java" ]; then
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^[[:space:]]*java\.specification\.version = //p' | head -n 1)"
  fi
  case "$v" in
  1.*) v="${v#1.}" ;;
  esac
  printf %s "$v" | sed -n 's/^\([0-9][0-9]*\).*/\1/p'
}

seen=""
while IFS= read -r home; do
  [ -n "$home" ] || continue
  [ -f "$home/bin/javac" ] || [ -f "$home/bin/javac.exe" ] || continue
  home="$(cd "$home" 2>/dev/null && pwd -P)" || continue
  major="$(jdk_major "$home")"
  [ -n "$major" ] || exit 0            # cannot tell: let Maven decide
  [ "$major" -ge "$min" ] && exit 0    # found one
  case "$seen" in *"$home ($major)"*) ;; *) seen="$seen
  $home ($major)" ;; esac
done <"$candidates_file"

{
  echo "trio4j needs a JDK $min or newer (it is developed on JDK 25) to compile, test and run;"
  echo "Maven itself may run on an older one. None was found by toolchain discovery, which"
  echo "looks at JAVA_HOME, JAVA*_HOME, the java on PATH, /usr/lib/jvm, /usr/java, /opt/java,"
  # shellcheck disable=SC2088 # a literal ~ in the message
  echo "~/.sdkman, ~/.jdks, ~/.m2/jdks and similar places."
  if [ -n "$seen" ]; then
    echo "It found only:$seen"
  fi
  echo "Install one (for example Temurin 25 under /usr/lib/jvm) and run ./mvnw again."
} >&2
exit 1
