# Sourced by the scripts that run other projects' test suites against sysgate.
#
# debian_source PACKAGE DIR: download Debian bookworm's source package PACKAGE into DIR (once) with a
# private apt configuration (a deb-src list of its own; the system's sources stay untouched) and
# unpack its tarballs into DIR/src. Needs root (apt-get) and the network.
debian_source() {
  local pkg=$1 dir=$2
  [ -d "$dir/src" ] && return 0
  mkdir -p "$dir/lists/partial"
  cat > "$dir/src.sources" <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  local apt=(-o Dir::Etc::sourcelist="$dir/src.sources" -o Dir::Etc::sourceparts=/nonexistent -o Dir::State::Lists="$dir/lists")
  apt-get "${apt[@]}" update >/dev/null
  (cd "$dir" && apt-get "${apt[@]}" source --download-only "$pkg" >/dev/null 2>&1)
  mkdir "$dir/src"
  local t
  for t in "$dir/${pkg}"_*.tar.*; do
    case "$t" in *.asc) continue ;; esac
    tar -C "$dir/src" -xf "$t"
  done
}
