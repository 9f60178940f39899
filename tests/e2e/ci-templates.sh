#!/usr/bin/env bash
# The CI templates a maintainer copies: the GitHub Actions workflow passes
# action-validator (and a broken copy of it fails, so the check can fail);
# the GitLab CI file parses as YAML (no offline validator exists) and both
# run `make` and `make check` on Debian 12 and publish out/*.pdf.
# Prints "ci-templates: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
AV=build/npm/node_modules/.bin/action-validator
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: ci-templates: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
[ -x "$AV" ] || { echo "ci-templates: $AV is missing (make $AV)"; echo "ci-templates: 0 passed, 1 failed"; exit 1; }

wf=.github/workflows/booklet.yml
"$AV" "$wf" >"$tmp/av.out" 2>&1 && ok || bad "$wf: $(head -20 "$tmp/av.out")"
sed 's/runs-on:/runz-on:/' "$wf" >"$tmp/broken.yml"
"$AV" "$tmp/broken.yml" >/dev/null 2>&1 && bad "action-validator accepts a broken workflow" || ok

python3 - "$wf" .gitlab-ci.yml >"$tmp/py.out" 2>&1 <<'PY' && ok || bad "$(cat "$tmp/py.out")"
import sys, yaml
gh = yaml.safe_load(open(sys.argv[1]))
gl = yaml.safe_load(open(sys.argv[2]))
problems = []
job = gh["jobs"]["build"]
runs = [s.get("run", "") for s in job["steps"]]
if job.get("container") != "debian:12": problems.append("github: not on debian:12")
if "make" not in runs or "make check" not in runs: problems.append("github: make / make check missing")
up = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
if not up or up[0]["with"]["path"] != "out/*.pdf": problems.append("github: out/*.pdf not published")
b = gl["booklets"]
if b.get("image") != "debian:12": problems.append("gitlab: not on debian:12")
if b["script"] != ["make", "make check"]: problems.append("gitlab: script is not make, make check")
if "out/*.pdf" not in b["artifacts"]["paths"]: problems.append("gitlab: out/*.pdf not kept")
if "public" not in gl["pages"]["artifacts"]["paths"]: problems.append("gitlab: pages publishes nothing")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY

echo "ci-templates: $pass passed, $fail failed"
[ $fail -eq 0 ]
