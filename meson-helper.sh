#!/usr/bin/env bash
# Scrawl's one entry point: installs what is missing, builds, runs, tests, benchmarks, installs.
#   ./meson-helper.sh run [ARGS...]        deps + release build (native where the CPU has AVX2+FMA) + start Scrawl
#   ./meson-helper.sh test                 deps + release build + every test (UI tests under Xvfb)
#   ./meson-helper.sh build [--native]     release build; --native adds AVX2/FMA code generation
#   ./meson-helper.sh bench [--peers VENV] [--portable]  scrawl bench (native build where the CPU allows)
#   ./meson-helper.sh fuzz SECONDS         fuzz each file reader for SECONDS, debug and release builds (seeded mutation, Tests/Fuzz/corpus)
#   ./meson-helper.sh deps                 apt-get the Debian packages that are missing
#   ./meson-helper.sh pot [--check]        extract the messages into Resources/po/scrawl.pot, merge them into each .po
#                                          (--check: fail if the template is out of date)
#   ./meson-helper.sh install --prefix DIR [--native] [--no-build]   binary (portable unless --native), model, desktop file, icons, metainfo
set -euo pipefail
cd "$(dirname "$0")"

RUNTIME_PACKAGES=(pkg-config libgtk-4-dev libcairo2-dev zlib1g-dev gettext)
TEST_PACKAGES=(xvfb xauth xdotool xclip imagemagick desktop-file-utils appstream gzip python3-venv python3-numpy)

say() { printf '==> %s\n' "$*" >&2; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$p"
  done
}

deps() {
  local want=("${RUNTIME_PACKAGES[@]}")
  [ "${1:-}" = "--test" ] && want+=("${TEST_PACKAGES[@]}")
  local missing
  missing=$(missing_packages "${want[@]}")
  [ -z "$missing" ] && return 0
  say "installing: $missing"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

native_flags() {
  if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
    echo "-Xswiftc -target-cpu -Xswiftc haswell -Xswiftc -DSCRAWL_FMA"
  fi
}

build() {
  if [ "${1:-}" = "--native" ]; then
    local flags; flags=$(native_flags)
    [ -n "$flags" ] || { say "this CPU lacks AVX2/FMA: building the portable binary"; build; return; }
    say "building (release, native: AVX2 + FMA)"
    # shellcheck disable=SC2086
    swift build -c release --scratch-path .build-native $flags 2>&1 | { grep -v "prohibited flag" || true; } >&2
    BIN=.build-native/release/scrawl
  else
    say "building (release, portable x86-64)"
    swift build -c release 2>&1 | { grep -v "prohibited flag" || true; } >&2
    BIN=.build/release/scrawl
  fi
  [ -x "$BIN" ] || { say "build failed"; exit 1; }
  compile_translations "$(dirname "$BIN")/locale"
}

# Swift files with translatable messages: calls of tr("…"), trn("…", "…", n) and N_("…").
message_sources() { grep -rlE '\b(tr|trn|N_)\(' Sources --include='*.swift' | LC_ALL=C sort; }

pot() {
  # Swift's string literals without interpolation read as C's: xgettext's C parser extracts them.
  local out=Resources/po/scrawl.pot
  [ "${1:-}" = "--check" ] && out=$(mktemp)
  # shellcheck disable=SC2046
  xgettext --language=C --from-code=UTF-8 --keyword=tr --keyword=trn:1,2 --keyword=N_ \
    --add-comments=TRANSLATORS: --add-location=file --sort-by-file --package-name=Scrawl --package-version=0.1.0 \
    --msgid-bugs-address=https://github.com/scrawl/scrawl/issues -o "$out" $(message_sources)
  if [ "${1:-}" = "--check" ]; then
    # The messages (not the dates and file names) must be those of the committed template.
    messages() { msgcat --no-location --no-wrap --sort-output "$1" | grep -E '^msgid(_plural)? '; }
    if ! diff <(messages Resources/po/scrawl.pot) <(messages "$out") >&2; then
      rm -f "$out"
      say "Resources/po/scrawl.pot is out of date (above: < in it, > in the sources): run ./meson-helper.sh pot"
      exit 1
    fi
    rm -f "$out"
    return 0
  fi
  local po
  for po in Resources/po/*.po; do
    [ -e "$po" ] && msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" Resources/po/scrawl.pot
  done
  say "Resources/po/scrawl.pot: $(grep -c '^msgid ' Resources/po/scrawl.pot) messages"
}

# Compiles each translation into LANG/LC_MESSAGES/scrawl.mo under $1 (beside the binary, or an install prefix).
compile_translations() {
  local po lang
  for po in Resources/po/*.po; do
    [ -e "$po" ] || continue
    lang=$(basename "$po" .po)
    mkdir -p "$1/$lang/LC_MESSAGES"
    msgfmt --check -o "$1/$lang/LC_MESSAGES/scrawl.mo" "$po"
  done
}

cmd=${1:-help}
shift || true
case "$cmd" in
  deps) deps "$@" ;;
  pot) deps; pot "$@" ;;
  build) deps; build "$@" ;;
  run)
    deps; build --native
    exec "$BIN" "$@" ;;
  test)
    deps --test; build
    export SCRAWL_BIN="$PWD/$BIN"
    say "running the tests"
    swift test --disable-swift-testing 2>&1 | { grep -v "prohibited flag" || true; }
    exit "${PIPESTATUS[0]}" ;;
  fuzz)
    seconds=${1:-60}
    deps
    # Debug (every check, sanitizer-friendly) and release (what ships: the readers keep their checks).
    for config in debug release; do
      say "fuzzing each reader for $seconds s ($config build)"
      SCRAWL_FUZZ_SECONDS=$seconds swift test -c "$config" --disable-swift-testing --filter FuzzTests 2>&1 | { grep -v "prohibited flag" || true; }
    done ;;
  bench)
    native="--native"; peers=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --native) native="--native" ;;
        --portable) native="" ;;
        --peers) peers=(--peers "$2"); shift ;;
        *) break ;;
      esac
      shift
    done
    deps; build $native
    exec "$BIN" bench "${peers[@]}" "$@" ;;
  install)
    prefix=""; rebuild=1; native=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --prefix) prefix=$2; shift ;;
        --prefix=*) prefix=${1#--prefix=} ;;
        --native) native="--native" ;;
        --no-build) rebuild=0 ;;
        *) say "unknown install option $1"; exit 2 ;;
      esac
      shift
    done
    [ -n "$prefix" ] || { say "install needs --prefix DIR"; exit 2; }
    # Installed binaries may be copied to other machines: portable unless asked.
    if [ "$rebuild" = 1 ]; then deps; build $native; else BIN=${SCRAWL_BIN:-.build/release/scrawl}; fi
    [ -x "$BIN" ] || { say "no binary at $BIN: build first"; exit 1; }
    install -Dm755 "$BIN" "$prefix/bin/scrawl"
    install -Dm644 Resources/scrawl-model.scrawl "$prefix/share/scrawl/scrawl-model.scrawl"
    install -Dm644 Resources/handwritten-digits.json "$prefix/share/scrawl/handwritten-digits.json"
    install -Dm644 Resources/replay-images.idx.gz "$prefix/share/scrawl/replay-images.idx.gz"
    install -Dm644 Resources/replay-labels.idx.gz "$prefix/share/scrawl/replay-labels.idx.gz"
    compile_translations "$prefix/share/locale"
    if [ -d Assets ]; then
      for f in Assets/*.desktop; do [ -e "$f" ] && install -Dm644 "$f" "$prefix/share/applications/$(basename "$f")"; done
      for f in Assets/*.metainfo.xml; do [ -e "$f" ] && install -Dm644 "$f" "$prefix/share/metainfo/$(basename "$f")"; done
      for f in Assets/icons/*-symbolic.svg; do [ -e "$f" ] && install -Dm644 "$f" "$prefix/share/icons/hicolor/symbolic/apps/$(basename "$f")"; done
      for f in Assets/icons/*.svg; do
        case "$f" in *-symbolic.svg) ;; *) [ -e "$f" ] && install -Dm644 "$f" "$prefix/share/icons/hicolor/scalable/apps/$(basename "$f")" ;; esac
      done
    fi
    say "installed into $prefix" ;;
  help|-h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) say "unknown command '$cmd'"; sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
