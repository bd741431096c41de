#!/usr/bin/env bash
# The Linux install, for real: bash packaging/linux/test-install.sh [DIST_DIR]
#
# Makes the tarball from the frozen app folder (default dist/misuse-responder), then, as a
# NORMAL user with a fresh, empty HOME and no .venv on PATH (as root: the user mrtest, created
# if missing, run through runuser inside `unshare -n`; otherwise the current user), unpacks it,
# runs install.sh, starts the app from its menu entry and from the command to its first screen
# (offscreen), uses the CLI, updates from the tarball, and uninstalls: the cases must stay until
# --remove-data is confirmed. One line per step; exit 1 if any failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dist=${1:-$repo/dist/misuse-responder}

work=$(mktemp -d "${TMPDIR:-/tmp}/mr-install-test.XXXXXX")
chmod 0755 "$work"
home="$work/home"
mkdir -p "$home"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

if ! bash "$repo/packaging/linux/make-tarball.sh" "$dist" "$work" >"$work/tarball.log" 2>&1; then
  echo "install-test: FAIL make-tarball: $(tail -1 "$work/tarball.log")"
  exit 1
fi
tarball=$(find "$work" -maxdepth 1 -name 'misuse-responder-*-linux-*.tar.gz' -print -quit)
name=$(basename "$tarball" .tar.gz)
chmod 0644 "$tarball"
echo "install-test: $(sed 's/^make-tarball: //' "$work/tarball.log")"

user_env=(HOME="$home" PATH="$home/.local/bin:/usr/bin:/bin" LANG=C.UTF-8 LC_ALL=C.UTF-8
  QT_QPA_PLATFORM=offscreen)
if [ "$(id -u)" = 0 ]; then
  user=mrtest
  if ! id "$user" >/dev/null 2>&1; then
    useradd -m -s /bin/bash "$user" || {
      echo "install-test: FAIL could not create the test user $user"
      exit 1
    }
  fi
  chown "$user:" "$home"
  net=()
  net_note="network not isolated"
  if unshare -n true 2>/dev/null; then
    net=(unshare -n)
    net_note="no network"
  fi
  as_user() { "${net[@]}" runuser -u "$user" -- env -i "${user_env[@]}" USER="$user" LOGNAME="$user" "$@"; }
else
  user=$(id -un)
  net_note="network not isolated (not root; unshare -r would look like root to install.sh)"
  as_user() { env -i "${user_env[@]}" USER="$user" LOGNAME="$user" "$@"; }
fi
echo "install-test: as user $user (uid $(id -u "$user")), fresh HOME $home, $net_note"

failures=()
ok() { echo "install-test: ok   $*"; }
fail() {
  echo "install-test: FAIL $*"
  local step=${1%%:*}
  failures+=("[${step:0:40}]")
  if [ -s "$work/err" ]; then tail -n 6 "$work/err" | sed 's/^/    | /'; fi
}
rc=0
# run CMD...: as the user, in their HOME; stdout in $work/out.txt, stderr in $work/err.
# Standard input is $run_stdin (default nothing). A traceback on stderr is a failure.
run() {
  (cd "$work" && as_user timeout 120 "$@") >"$work/out.txt" 2>"$work/err" <"${run_stdin:-/dev/null}"
  rc=$?
  if grep -q "Traceback" "$work/err"; then
    rc=99
    echo "a traceback reached the user" >>"$work/err"
  fi
}
out() { cat "$work/out.txt"; }
screen() { cat "$home/screen" 2>/dev/null; }

opt="$home/.local/opt/misuse-responder"
desktop_file="$home/.local/share/applications/misuse-responder.desktop"
icon_file="$home/.local/share/icons/hicolor/scalable/apps/misuse-responder.svg"
link="$home/.local/bin/misuse-responder"
data="$home/.local/share/MisuseResponder"
seen="$home/.local/state/MisuseResponder-LastSeen" # store/anchor.py: kept with the cases
passphrase="plum orchard lantern ninety quietly"

# --- unpack and install, as the user would --------------------------------------------------
run mkdir -p "$home/Downloads"
run tar -xzf "$tarball" -C "$home/Downloads"
installer="$home/Downloads/$name/install.sh"
if [ $rc = 0 ] && [ -x "$installer" ]; then
  ok "unpack: $name/ with install.sh"
else
  fail "unpack: exit $rc, no $name/install.sh"
fi
run "$installer"
if [ $rc = 0 ] && out | grep -q "^Installed"; then
  ok "install: $(out | head -1)"
else
  cat "$work/out.txt" >>"$work/err"
  fail "install: exit $rc"
fi

missing=()
[ -x "$opt/misuse-responder" ] || missing+=("$opt/misuse-responder")
[ -f "$desktop_file" ] || missing+=("$desktop_file")
[ -f "$icon_file" ] || missing+=("$icon_file")
[ "$(readlink "$link" 2>/dev/null)" = "$opt/misuse-responder" ] || missing+=("$link -> $opt/misuse-responder")
foreign=$(find "$home/.local" ! -user "$user" -print -quit 2>/dev/null)
writable=$(find "$opt" -perm -o+w ! -type l -print -quit 2>/dev/null)
if ((${#missing[@]})); then
  : >"$work/err"
  fail "files: missing ${missing[*]}"
elif [ -n "$foreign$writable" ]; then
  : >"$work/err"
  fail "files: not owned by $user or writable by others: $foreign $writable"
else
  ok "files: app in ~/.local/opt, menu entry, hicolor icon, ~/.local/bin link, all owned by $user"
fi
if command -v desktop-file-validate >/dev/null 2>&1; then
  if desktop-file-validate "$desktop_file" >"$work/err" 2>&1; then
    ok "menu entry: desktop-file-validate passes"
  else
    fail "menu entry: desktop-file-validate"
  fi
fi

# --- the app from its menu entry (the Exec line, as the desktop would start it) -------------
exec_path=$(sed -n 's/^Exec="\(.*\)"$/\1/p' "$desktop_file" 2>/dev/null)
run env MISUSE_RESPONDER_EXIT_REPORT="$home/screen" "$exec_path" --exit
if [ $rc = 0 ] && [ "$(screen)" = FirstRunWidget ]; then
  ok "menu entry starts the app: the first-run setup, then exits"
else
  fail "menu entry: Exec '$exec_path' gave exit $rc, first screen '$(screen)' (want FirstRunWidget)"
fi
rm -f "$home/screen"

# --- the command, through the ~/.local/bin link -------------------------------------------
run misuse-responder --version
if [ $rc = 0 ]; then
  ok "command: misuse-responder --version: $(out | tr '\n' ' ')"
else
  fail "command: misuse-responder --version gave exit $rc"
fi
run env MISUSE_RESPONDER_PASSPHRASE="$passphrase" misuse-responder init --school "Install Test School"
if [ $rc = 0 ] && [ -f "$data/keys.json" ]; then
  ok "command: init made the store in ~/.local/share/MisuseResponder"
else
  fail "command: init gave exit $rc; no $data/keys.json"
fi
run env MISUSE_RESPONDER_EXIT_REPORT="$home/screen" misuse-responder --exit
if [ $rc = 0 ] && [ "$(screen)" = UnlockScreen ]; then
  ok "installed app reaches the unlock screen (offscreen), then exits"
else
  fail "installed app: exit $rc, first screen '$(screen)' (want UnlockScreen)"
fi
rm -f "$home/screen"

# --- a machine with no Python: every python3 on it hidden (root only: a mount namespace) -----
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  hide='for d in /usr/lib/python3* /usr/local/lib/python3*; do [ -d "$d" ] && mount -t tmpfs none "$d"; done
for f in /usr/bin/python3* /usr/local/bin/python3*; do [ -e "$f" ] && mount --bind /dev/null "$f"; done
if /usr/bin/python3 -c 1 2>/dev/null || [ -n "$(find /usr/lib/python3* -mindepth 1 -print -quit 2>/dev/null)" ]; then exit 97; fi
exec "$@"'
  (cd "$work" && unshare -m "${net[@]}" sh -c "$hide" sh runuser -u "$user" -- env -i "${user_env[@]}" \
    USER="$user" LOGNAME="$user" MISUSE_RESPONDER_EXIT_REPORT="$home/screen" timeout 120 \
    "$opt/misuse-responder" --exit) >"$work/out.txt" 2>"$work/err" </dev/null
  rc=$?
  if [ $rc = 0 ] && [ "$(screen)" = UnlockScreen ] && ! grep -q Traceback "$work/err"; then
    ok "with no Python on the machine (every python3 hidden): the installed app reaches the unlock screen"
  elif [ $rc = 97 ]; then
    fail "no-Python check: Python could not be hidden from the app"
  else
    fail "with no Python on the machine: exit $rc, first screen '$(screen)' (want UnlockScreen)"
  fi
  rm -f "$home/screen"
fi
run misuse-responder checklist dsl "$home/dsl.pdf"
pages=$(pdfinfo "$home/dsl.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
if [ $rc = 0 ] && [ "${pages:-0}" -ge 1 ]; then
  ok "command: checklist dsl wrote a $pages-page PDF"
else
  fail "command: checklist dsl gave exit $rc, ${pages:-no} pages"
fi

# --- update in place from the tarball: the store is untouched --------------------------------
before=$(sha256sum "$data/keys.json" 2>/dev/null)
run "$installer" "$tarball"
if [ $rc = 0 ] && [ -x "$opt/misuse-responder" ] && [ "$(sha256sum "$data/keys.json" 2>/dev/null)" = "$before" ] &&
  ! find "$home/.local/opt" -maxdepth 1 -name '*misuse-responder?*' | grep -q .; then
  ok "update from the tarball: app replaced, store untouched, nothing left beside it"
else
  cat "$work/out.txt" >>"$work/err"
  fail "update from the tarball: exit $rc"
fi

# --- an update or uninstall waits for the app to be closed ----------------------------------
# The app started here is found by its executable (in this test's own HOME) and stopped by id.
app_pid() {
  local exe
  for exe in /proc/[0-9]*/exe; do
    if [ "$(readlink "$exe" 2>/dev/null)" = "$opt/misuse-responder" ]; then
      exe=${exe#/proc/}
      echo "${exe%/exe}"
      return 0
    fi
  done
  return 1
}
(cd "$work" && as_user "$opt/misuse-responder" >/dev/null 2>&1 </dev/null) &
launcher=$!
running=""
for _ in $(seq 100); do
  running=$(app_pid) && break
  sleep 0.1
done
run "$opt/install.sh" --uninstall
[ -n "$running" ] && kill -TERM "$running" 2>/dev/null
wait "$launcher" 2>/dev/null
if [ -n "$running" ] && [ $rc != 0 ] && grep -q "is open" "$work/err" && [ -x "$opt/misuse-responder" ]; then
  ok "open app: uninstall refuses while the app is running (pid $running), and changes nothing"
else
  fail "open app: uninstall with the app running (pid ${running:-not found}) gave exit $rc"
fi

# --- install.sh refuses root (it is a per-user install) -------------------------------------
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$work/roothome"
  if env -i HOME="$work/roothome" PATH=/usr/bin:/bin bash "$installer" >"$work/out.txt" 2>"$work/err"; then
    fail "root: install.sh ran as root"
  elif grep -q "not as root" "$work/err" && [ -z "$(ls -A "$work/roothome")" ]; then
    ok "root: install.sh refuses to run as root and writes nothing"
  else
    fail "root: install.sh as root did not say why, or wrote into HOME"
  fi
fi

# --- uninstall: the app goes, the cases stay -------------------------------------------------
run "$opt/install.sh" --uninstall
left=()
for path in "$opt" "$desktop_file" "$icon_file" "$link"; do
  [ -e "$path" ] || [ -L "$path" ] && left+=("$path")
done
if [ $rc = 0 ] && ((${#left[@]} == 0)) && [ -f "$data/keys.json" ] && out | grep -q "kept"; then
  ok "uninstall: app, menu entry, icon and link removed; the data folder kept"
  [ -d "$seen" ] || fail "uninstall: this laptop's audit-head record ($seen) was removed with the app"
else
  cat "$work/out.txt" >>"$work/err"
  fail "uninstall: exit $rc; left behind: ${left[*]:-nothing}; keys.json $([ -f "$data/keys.json" ] && echo kept || echo GONE)"
fi

# --- --remove-data: nothing goes without typing DELETE ----------------------------------------
printf 'yes\n' >"$work/answer-yes"
printf 'DELETE\n' >"$work/answer-delete"
run_stdin="$work/answer-yes" run bash "$installer" --uninstall --remove-data
if [ $rc != 0 ] && [ -f "$data/keys.json" ]; then
  ok "remove-data: answering 'yes' (not DELETE) keeps every case"
else
  fail "remove-data: answering 'yes' gave exit $rc; keys.json $([ -f "$data/keys.json" ] && echo kept || echo GONE)"
fi
run_stdin="$work/answer-delete" run bash "$installer" --uninstall --remove-data
if [ $rc = 0 ] && [ ! -e "$data" ] && [ ! -e "$seen" ]; then
  ok "remove-data: typing DELETE deletes the data folder and the laptop's record of it"
else
  fail "remove-data: typing DELETE gave exit $rc; data folder $([ -e "$data" ] && echo still there || echo gone)"
fi
leftover=$(cd "$home" && find . -type f ! -path './Downloads/*' ! -path './.cache/*' ! -name dsl.pdf ! -name screen | head -5 | tr '\n' ' ')
if [ -z "$leftover" ]; then
  ok "after uninstall nothing of the app is left in HOME (outside ~/.cache)"
else
  : >"$work/err"
  fail "after uninstall files are left in HOME: $leftover"
fi

if ((${#failures[@]})); then
  echo "install-test: ${#failures[@]} step(s) FAILED: ${failures[*]}"
  exit 1
fi
echo "install-test: all steps passed"
