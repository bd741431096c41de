#!/usr/bin/env bash
# Smoke-test the FROZEN app, not the source: bash packaging/smoke.sh [DIST_DIR]
# (default dist/misuse-responder, as packaging/build.sh leaves it).
#
# Every command runs the bundle's own executable in a clean environment (env -i: a temporary
# HOME and data folder, PATH=/usr/bin:/bin so no .venv, no PYTHONPATH) and, where the machine
# allows it, inside `unshare -n`, so it also proves the app needs no network. One line per step;
# a failed step prints what failed (and the command's stderr) and the script exits 1 at the end.
#
# Every step, the case included (`record`), is the frozen app: nothing from the source tree runs.
# Portable mode is tried on a copy of the folder (portable.txt beside the program).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dist_arg=${1:-$repo/dist/misuse-responder}
if [ ! -d "$dist_arg" ]; then
  echo "smoke: FAIL no frozen app folder at $dist_arg (build it first: bash packaging/build.sh)"
  exit 1
fi
dist=$(cd "$dist_arg" && pwd)
exe="$dist/misuse-responder"
if [ ! -x "$exe" ]; then
  echo "smoke: FAIL no executable at $exe"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mr-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
home="$work/home"
mkdir -p "$home" "$work/tmp" "$work/out"
data="$home/.local/share/MisuseResponder" # platformdirs' user data folder on Linux
passphrase="plum orchard lantern ninety quietly"
marker="$work/started"
touch "$marker"
sleep 1 # so anything the app writes into its own folder is strictly newer than the marker

net=()
net_note="network not isolated (unshare -n is not allowed here)"
if unshare -n true 2>/dev/null; then
  net=(unshare -n)
  net_note="no network (unshare -n)"
elif unshare -rn true 2>/dev/null; then
  net=(unshare -rn)
  net_note="no network (unshare -rn)"
fi
base_env=(HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8 USER=smoke LOGNAME=smoke
  TMPDIR="$work/tmp" QT_QPA_PLATFORM=offscreen)

failures=()
ok() { echo "smoke: ok   $*"; }
fail() {
  echo "smoke: FAIL $*"
  local step=${1%%:*}
  failures+=("[${step:0:40}]")
  if [ -s "$work/err" ]; then tail -n 6 "$work/err" | sed 's/^/    | /'; fi
}

# fx [VAR=value ...] -- ARGS...: the frozen executable, clean environment, no network; its
# stdout in $work/out.txt, stderr in $work/err, exit status in $rc (stdin: $fx_stdin, else
# nothing). A traceback on stderr is a failure.
rc=0
fx() {
  local envs=()
  while [ "$1" != "--" ]; do
    envs+=("$1")
    shift
  done
  shift
  (cd "$work" && env -i "${base_env[@]}" "${envs[@]}" timeout 120 "${net[@]}" "$exe" "$@") \
    >"$work/out.txt" 2>"$work/err" <"${fx_stdin:-/dev/null}"
  rc=$?
  if grep -q "Traceback" "$work/err"; then
    rc=99
    echo "a traceback reached the user" >>"$work/err"
  fi
}
out() { cat "$work/out.txt"; }

echo "smoke: testing $exe ($(du -sh "$dist" | cut -f1), $net_note)"

# --- assess: the guidance engine on two samples, and a bad input --------------------------
guide_version=""
printf '%s' '{"concerns":["nude-imagery"],"targets":["pupil"],"subject":"pupil"}' >"$work/nudes.json"
fx -- assess "$work/nudes.json"
if [ $rc = 0 ] && out | grep -q '"evidence": "do-not-capture"' &&
  out | grep -q '"id": "tell-dsl-now"' && ! out | grep -q '"id": "preserve-evidence"'; then
  guide_version=$(out | sed -n 's/.*"guide_version": "\([^"]*\)".*/\1/p' | head -1)
  printf '%s' '{"concerns":["bullying"],"platform":"instagram"}' >"$work/bullying.json"
  fx_stdin="$work/bullying.json" fx -- assess -
  if [ $rc = 0 ] && out | grep -q '"evidence": "capture"'; then
    ok "assess: nude imagery never copied, bullying evidence kept (guides $guide_version)"
  else
    fail "assess: bullying on Instagram (stdin) did not say to keep the evidence (exit $rc)"
  fi
else
  fail "assess: nude-imagery sample gave the wrong guidance or failed (exit $rc)"
fi
printf '%s' '{"concerns":["no-such-concern"]}' >"$work/bad.json"
fx -- assess "$work/bad.json"
if [ $rc = 2 ] && [ "$(wc -l <"$work/err")" = 1 ]; then
  ok "assess: bad input is exit 2 and one line: $(cut -c1-70 "$work/err")…"
else
  fail "assess: bad input gave exit $rc and $(wc -l <"$work/err") lines on stderr (want 2 and 1)"
fi

# --- --version: the app's version and the guides' ----------------------------------------
app_version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/pyproject.toml" | head -1)
fx -- --version
version_line=$(out | tr '\n' ' ')
if [ $rc != 0 ]; then
  fail "--version exited $rc"
elif [ -n "$app_version" ] && ! out | grep -qF "$app_version"; then
  fail "--version does not name the app version $app_version: $version_line"
elif [ -z "$guide_version" ] || ! out | grep -qF "$guide_version"; then
  fail "--version does not name the guide version ${guide_version:-(unknown)}: $version_line"
else
  ok "--version: $version_line"
fi

# --- the GUI before any store: the first-run setup ------------------------------------------
fx MISUSE_RESPONDER_EXIT_REPORT="$work/screen" -- --data-dir "$work/fresh" --exit
if [ $rc = 0 ] && [ "$(cat "$work/screen" 2>/dev/null)" = FirstRunWidget ]; then
  ok "GUI (offscreen): a fresh data folder opens on the first-run setup, then exits"
else
  fail "GUI (offscreen) on a fresh data folder: exit $rc, first screen '$(cat "$work/screen" 2>/dev/null)' (want FirstRunWidget)"
fi
rm -f "$work/screen"

# --- init: the store in the default per-user data folder -----------------------------------
fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- init --school "Smoke Test Academy"
if [ $rc = 0 ] && out | grep -q "RECOVERY KEY" && [ -f "$data/keys.json" ] &&
  [ "$(stat -c %a "$data")" = 700 ]; then
  ok "init: store created in ~/.local/share/MisuseResponder (owner-only), recovery key shown"
else
  fail "init: exit $rc; store at $data: $(ls -A "$data" 2>/dev/null | tr '\n' ' ')"
fi

# --- the GUI on that store: the unlock screen (also on a real X display when Xvfb is here) --
fx MISUSE_RESPONDER_EXIT_REPORT="$work/screen" -- --exit
if [ $rc = 0 ] && [ "$(cat "$work/screen" 2>/dev/null)" = UnlockScreen ]; then
  ok "GUI (offscreen): the store opens on the unlock screen, then exits"
else
  fail "GUI (offscreen) on the store: exit $rc, first screen '$(cat "$work/screen" 2>/dev/null)' (want UnlockScreen)"
fi
rm -f "$work/screen"
if command -v Xvfb >/dev/null 2>&1; then
  display=":$((150 + RANDOM % 50))"
  Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X${display#:}" ] && break
    sleep 0.1
  done
  fx QT_QPA_PLATFORM=xcb DISPLAY="$display" MISUSE_RESPONDER_EXIT_REPORT="$work/screen" -- --exit
  kill "$xvfb_pid" 2>/dev/null
  wait "$xvfb_pid" 2>/dev/null
  if [ $rc = 0 ] && [ "$(cat "$work/screen" 2>/dev/null)" = UnlockScreen ]; then
    ok "GUI (X11 under Xvfb, the xcb plugin as on a desktop): the unlock screen, then exits"
  else
    fail "GUI (X11 under Xvfb): exit $rc, first screen '$(cat "$work/screen" 2>/dev/null)' (want UnlockScreen)"
  fi
  rm -f "$work/screen"
fi

# --- a case (the frozen 'record'), listed by the frozen 'cases' -----------------------------
reference=""
if [ ! -f "$data/keys.json" ]; then
  fail "case: no store to add a case to (init failed)"
else
  printf '%s' '{"concerns":["bullying"],"targets":["pupil"],"subject":"pupil","subject_identified":true,"platform":"instagram"}' >"$work/bullying.json"
  fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- record "$work/bullying.json" \
    --title "Smoke test: comments under a Year 9 post" \
    --note "Quillfeather-note: reported at break time" --by "Ms Smoke"
  if [ $rc = 0 ] && out | head -1 | grep -q '^MR-'; then
    reference=$(out | head -1)
    fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- cases
    if [ $rc = 0 ] && out | grep -q "^$reference"; then
      ok "case: $reference recorded by the frozen 'record', listed by the frozen 'cases'"
    else
      fail "case: the frozen 'cases' does not list $reference (exit $rc)"
    fi
  else
    fail "case: the frozen 'record' exited $rc"
  fi
fi

# --- evidence add + list, pack (PDF read back), verify -------------------------------------
if [ -n "$reference" ]; then
  base64 -d >"$work/screenshot.png" <<<'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGUlEQVR4nGM8oaHBQApgIkn1qIZRDUNKAwCMLQE4ZidSiAAAAABJRU5ErkJggg=='
  shot_sha=$(sha256sum "$work/screenshot.png" | cut -d' ' -f1)
  fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- evidence add "$reference" \
    "$work/screenshot.png" --shows-child-sexual no --description "the comments" --by "Ms Smoke"
  add_rc=$rc
  fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- evidence list "$reference"
  if [ $add_rc = 0 ] && [ $rc = 0 ] && out | grep -q "$shot_sha"; then
    ok "evidence: a screenshot added and listed with its SHA-256 ${shot_sha:0:12}…"
  else
    fail "evidence: add exited $add_rc, list exited $rc, SHA-256 $shot_sha not listed"
  fi

  fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- pack "$reference" "$work/out/pack.pdf" --by "Ms Smoke"
  if [ $rc != 0 ] || [ ! -s "$work/out/pack.pdf" ]; then
    fail "pack: exit $rc, no PDF"
  else
    pages=$(pdfinfo "$work/out/pack.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    text=$(pdftotext -layout "$work/out/pack.pdf" - 2>/dev/null | tr -s ' \n' ' ')
    if [ "${pages:-0}" -ge 1 ] && grep -qF "$reference" <<<"$text" &&
      grep -qF "Quillfeather-note" <<<"$text" && grep -qF "${shot_sha:0:16}" <<<"$text"; then
      ok "pack: $pages-page PDF naming $reference, its chronology and the screenshot's hash"
    else
      fail "pack: $pages page(s); reference, chronology note or evidence hash missing from its text"
    fi
  fi

  fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- verify
  if [ $rc = 0 ] && out | grep -q "^OK:"; then
    ok "verify: $(out | tail -1)"
  else
    fail "verify: exit $rc: $(out | tail -1)"
  fi
fi

# --- checklist: no store needed ------------------------------------------------------------
fx -- checklist staff "$work/out/staff.pdf" --school "Smoke Test Academy"
if [ $rc != 0 ] || [ ! -s "$work/out/staff.pdf" ]; then
  fail "checklist: exit $rc, no PDF"
else
  pages=$(pdfinfo "$work/out/staff.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  text=$(pdftotext "$work/out/staff.pdf" - 2>/dev/null | tr -s ' \n' ' ')
  if [ "${pages:-0}" = 1 ] && grep -qF "Call 999 now" <<<"$text" &&
    { [ -z "$guide_version" ] || grep -qF "$guide_version" <<<"$text"; }; then
    ok "checklist: the staff checklist is one page, says 'Call 999 now', names the guides"
  else
    fail "checklist: $pages page(s), or 'Call 999 now' / the guide version missing"
  fi
fi

# --- portable mode: portable.txt beside the program keeps the cases beside it ---------------
stick="$work/stick/misuse-responder"
mkdir -p "$work/stick"
if cp -al "$dist" "$stick" 2>/dev/null || cp -a "$dist" "$stick"; then
  touch "$stick/portable.txt"
  home_keys=$(sha256sum "$data/keys.json" 2>/dev/null)
  installed_exe=$exe
  exe="$stick/misuse-responder"
  fx MISUSE_RESPONDER_PASSPHRASE="$passphrase" -- init --school "Portable Test School"
  exe=$installed_exe
  if [ $rc = 0 ] && [ -f "$stick/MisuseResponder-data/keys.json" ] &&
    [ "$(sha256sum "$data/keys.json" 2>/dev/null)" = "$home_keys" ]; then
    ok "portable: with portable.txt the store is made in MisuseResponder-data beside the program"
  else
    fail "portable: exit $rc; no store in $stick/MisuseResponder-data (or the one in HOME changed)"
  fi
  rm -rf "$work/stick"
else
  : >"$work/err"
  fail "portable: could not copy the app folder to try portable mode"
fi

# --- the app never writes into its own folder (it installs read-only) ----------------------
written=$(find "$dist" -newer "$marker" -print 2>/dev/null | head -5)
if [ -z "$written" ]; then
  ok "the app wrote nothing into its own folder"
else
  : >"$work/err"
  fail "the app wrote into its own folder: $(tr '\n' ' ' <<<"$written")"
fi

# --- the bundle holds every module of the package (packaging/check_bundle.py, when present) --
if [ -f "$repo/packaging/check_bundle.py" ]; then
  check_py=${MR_SMOKE_PYTHON:-$repo/.venv/bin/python} # check_bundle.py reads the bundle's files
  [ -x "$check_py" ] || check_py=python3
  if "$check_py" "$repo/packaging/check_bundle.py" "$dist" >"$work/out.txt" 2>"$work/err"; then
    ok "check_bundle.py: $(out | tail -1)"
  else
    cat "$work/out.txt" >>"$work/err"
    fail "check_bundle.py found a problem"
  fi
fi

if ((${#failures[@]})); then
  echo "smoke: ${#failures[@]} step(s) FAILED: ${failures[*]}"
  exit 1
fi
echo "smoke: all steps passed"
