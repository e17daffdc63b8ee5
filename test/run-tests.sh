#!/usr/bin/env bash
# Runs every test project of the solution and closes with one line, summed over all projects:
#   N passed, N failed, N skipped
# Exits non-zero when any test failed or any test project did not report.
# TEST_FILTER (make test-unit: "Category!=Cluster") runs only the matching tests; a project left with none then
# reports nothing, which is not an error.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts
log=artifacts/test.log
config=${CONFIGURATION:-Release}

dotnet build KubeContainers.sln -c "$config" --nologo -v q || exit 1
projects=$(find test -name '*.Tests.csproj' | sort)
expected=$(echo "$projects" | wc -l)
filter=${TEST_FILTER:+--filter "$TEST_FILTER"}
eval dotnet test KubeContainers.sln -c "$config" --no-build --nologo $filter 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per project: "Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13, ..."
read -r passed failed skipped reported < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    n++
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  f += $(i+1) + 0
      if ($i == "Passed:")  p += $(i+1) + 0
      if ($i == "Skipped:") s += $(i+1) + 0
    }
  }
  END { printf "%d %d %d %d\n", p, f, s, n }' "$log")

if [ -z "${TEST_FILTER:-}" ] && [ "$reported" -lt "$expected" ]; then
  echo "only $reported of $expected test projects reported a summary (a test host crashed?)"
  [ "$failed" -eq 0 ] && failed=1
fi
# The names of the failed tests, so a CI log cut to its tail still says which ones.
sed -nE 's/^ +Failed ([A-Za-z_][^ ]*.*) \[[^]]*\]$/failed: \1/p' "$log" | sort -u
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
