#!/usr/bin/env bash
# Install Misuse Responder for yourself on Linux: no administrator rights, nothing outside your
# home folder. Run it as yourself (not as root):
#
#   ./install.sh                  install the app folder this script sits in (the unpacked tarball)
#   ./install.sh FILE.tar.gz      install from the downloaded tarball
#   ./install.sh --uninstall      remove the app; your cases are kept
#   ./install.sh --uninstall --remove-data
#                                 remove the app and, once you confirm, delete every case
#
# What it writes: the app in ~/.local/opt/misuse-responder/, a menu entry in
# ~/.local/share/applications/, its icon in ~/.local/share/icons/hicolor/scalable/apps/ and
# the command ~/.local/bin/misuse-responder (a link). Cases live apart from all of that, in
# ~/.local/share/MisuseResponder/ (the app's data folder), so updating or removing the app
# never touches them.
set -euo pipefail

say() { printf '%s\n' "$*"; }
die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit "${code:-1}"
}

usage() {
  say "Usage: install.sh [FILE.tar.gz]           install Misuse Responder for yourself"
  say "       install.sh --uninstall [--remove-data]   remove it (your cases are kept unless --remove-data)"
}

main() {
  local mode=install remove_data=0 source=""
  for arg in "$@"; do
    case "$arg" in
      --uninstall) mode=uninstall ;;
      --remove-data) remove_data=1 ;;
      -h | --help)
        usage
        return 0
        ;;
      -*)
        usage >&2
        code=2 die "unknown option $arg"
        ;;
      *)
        [ -z "$source" ] || code=2 die "give one tarball at most"
        source=$arg
        ;;
    esac
  done
  if [ "$remove_data" = 1 ] && [ "$mode" != uninstall ]; then
    code=2 die "--remove-data goes with --uninstall"
  fi
  if [ "$(id -u)" = 0 ]; then
    code=2 die "run this as yourself, not as root or with sudo: it installs the app for you only, in your own home folder."
  fi
  [ -n "${HOME:-}" ] && [ -d "$HOME" ] || die "your home folder (\$HOME) is not set or does not exist."

  data_home=${XDG_DATA_HOME:-$HOME/.local/share}
  opt="$HOME/.local/opt/misuse-responder"
  bin_dir="$HOME/.local/bin"
  link="$bin_dir/misuse-responder"
  desktop_file="$data_home/applications/misuse-responder.desktop"
  icon_file="$data_home/icons/hicolor/scalable/apps/misuse-responder.svg"
  data_dir="$data_home/MisuseResponder" # platformdirs.user_data_dir("MisuseResponder")
  # This laptop's record of each store's audit-chain head (store/anchor.py), kept outside the
  # data folder so a data folder put back from an old copy is caught: kept with the cases.
  seen_dir="${XDG_STATE_HOME:-$HOME/.local/state}/MisuseResponder-LastSeen"

  # Portable mode (store/paths.py) keeps the cases beside the program, in MisuseResponder-data:
  # a folder that holds cases is never replaced or removed.
  if [ -e "$opt/portable.txt" ] || [ -e "$opt/MisuseResponder-data" ]; then
    die "$opt is in portable mode and keeps cases in $opt/MisuseResponder-data; move them out and delete portable.txt first. Nothing was changed."
  fi
  if app_is_running; then
    die "Misuse Responder is open. Close it (what you typed is saved as you go), then run this again. Nothing was changed."
  fi
  if [ "$mode" = uninstall ]; then
    uninstall "$remove_data"
  else
    install_app "$source"
  fi
}

app_is_running() {
  # Replacing or removing the folder under a running app would break it the next time it loads
  # a part of itself (the wizard, exports), so look for our own processes running it.
  local exe
  for exe in /proc/[0-9]*/exe; do
    [ "$(readlink "$exe" 2>/dev/null)" = "$opt/misuse-responder" ] && return 0
  done
  return 1
}

install_app() {
  local source=$1 here src version
  unpack=""
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  mkdir -p "$HOME/.local/opt"
  if [ -n "$source" ]; then
    [ -f "$source" ] || die "no such file: $source"
    unpack=$(mktemp -d "$HOME/.local/opt/.misuse-responder-unpack.XXXXXX")
    trap 'rm -rf "${unpack:-}"' EXIT
    tar -xzf "$source" -C "$unpack" --no-same-owner || die "$source is not a complete Misuse Responder download; download it again."
    src=$(find "$unpack" -mindepth 1 -maxdepth 1 -type d | head -1)
  else
    src=$here
  fi
  if [ -z "$src" ] || [ ! -x "$src/misuse-responder" ]; then
    die "no Misuse Responder app found in ${source:-$here}."
  fi
  if [ "$(cd "$src" && pwd -P)" = "$(cd "$opt" 2>/dev/null && pwd -P)" ]; then
    die "this copy is already the installed one. To update, run the install.sh of the new version."
  fi
  # It must start on this computer before it replaces anything (a wrong CPU or too old a system).
  if ! version=$("$src/misuse-responder" --version 2>&1); then
    die "this copy of the app does not start on this computer, so nothing was changed: $version"
  fi

  local new="$opt.new.$$" old="$opt.old.$$"
  rm -rf "$new" "$old"
  if [ -n "$unpack" ]; then
    mv "$src" "$new"
  else
    cp -a "$src" "$new"
  fi
  [ -f "$new/install.sh" ] || install -m 0755 "${BASH_SOURCE[0]}" "$new/install.sh"
  chmod -R u+rwX,go+rX,go-w "$new"
  if [ -d "$opt" ]; then mv "$opt" "$old"; fi
  mv "$new" "$opt"
  rm -rf "$old"

  # The icon: the one beside the app, else the copy the app itself carries.
  local icon_src="$opt/misuse-responder.svg"
  [ -f "$icon_src" ] || icon_src=$(find "$opt" -name misuse-responder.svg -print -quit)
  if [ -n "$icon_src" ]; then
    mkdir -p "$(dirname "$icon_file")"
    install -m 0644 "$icon_src" "$icon_file"
    touch "$data_home/icons/hicolor" # menus re-read the theme when its folder changes
    if [ -f "$data_home/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
      gtk-update-icon-cache -q -t -f "$data_home/icons/hicolor" || true
    fi
  fi

  mkdir -p "$(dirname "$desktop_file")"
  write_desktop_file "$opt/misuse-responder" >"$desktop_file.tmp"
  chmod 0644 "$desktop_file.tmp"
  # Menus watch this folder; update-desktop-database is only for MIME types, which it has none.
  mv "$desktop_file.tmp" "$desktop_file"

  mkdir -p "$bin_dir"
  if [ -e "$link" ] && [ ! -L "$link" ]; then
    say "note: $link already exists and is not ours, so it was left alone; the app is $opt/misuse-responder"
  else
    ln -sfn "$opt/misuse-responder" "$link"
  fi

  say "Installed ${version%%$'\n'*} in $opt."
  say "Start it from your applications menu (Misuse Responder), or type: misuse-responder"
  case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *) say "note: $bin_dir is not on your PATH yet; it will be after you next log in (or use $link)." ;;
  esac
  if [ -d "$data_dir" ]; then
    say "Your cases in $data_dir are kept as they were."
  else
    say "Your cases will be kept, encrypted, in $data_dir."
  fi
}

write_desktop_file() {
  # Exec= quoting (Desktop Entry spec): the path in double quotes with \ " \` $ escaped, then
  # every backslash doubled for the string, and % doubled for the field codes.
  local exec_path=$1 quoted
  quoted=$(printf '%s' "$exec_path" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
  cat <<EOF
[Desktop Entry]
Type=Application
Version=1.0
Name=Misuse Responder
GenericName=Online incident guide for schools
Comment=Step-by-step help when something goes wrong online: evidence, reporting, who to tell
Exec="$quoted"
TryExec=$exec_path
Icon=misuse-responder
Terminal=false
Categories=Office;
Keywords=safeguarding;DSL;online;incident;evidence;
X-MisuseResponder-Installed-By=install.sh
EOF
}

uninstall() {
  local remove_data=$1 answer removed=0
  if [ "$remove_data" = 1 ] && [ -d "$data_dir" ]; then
    say "This deletes every case, all evidence and the audit trail in $data_dir, for ever."
    say "Nobody can get them back. Keep a backup first if the school may need them:"
    say "    misuse-responder backup FILE"
    printf 'Type DELETE to delete them, or press Enter to keep everything: '
    read -r answer || answer=""
    if [ "$answer" != DELETE ]; then
      say "Nothing was removed."
      return 1
    fi
  fi

  if [ -x "$opt/misuse-responder" ] || [ -f "$opt/install.sh" ]; then
    rm -rf "$opt"
    removed=1
  fi
  if [ -f "$desktop_file" ] && grep -q '^X-MisuseResponder-Installed-By=' "$desktop_file"; then
    rm -f "$desktop_file"
  fi
  rm -f "$icon_file"
  if [ -L "$link" ] && [ "$(readlink "$link")" = "$opt/misuse-responder" ]; then
    rm -f "$link"
  fi
  if [ "$removed" = 1 ]; then
    say "Removed Misuse Responder from $opt, the menu and $link."
  else
    say "Misuse Responder was not installed in $opt; removed any menu entry and link left over."
  fi

  if [ "$remove_data" = 1 ] && [ -d "$data_dir" ]; then
    rm -rf "$data_dir" "$seen_dir"
    say "Deleted every case in $data_dir (and this laptop's record of them)."
  elif [ -d "$data_dir" ]; then
    say "Your cases are kept, encrypted, in $data_dir; installing the app again finds them."
    say "To delete them as well: install.sh --uninstall --remove-data"
  fi
}

main "$@"
