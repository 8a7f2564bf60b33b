# Installs what juesuan needs on Debian 12, only if it is missing. Sourced by
# scripts/demo.sh and scripts/test.sh.

# Debian packages, and why each is there (see README.md, "Dependencies").
JUESUAN_BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config     # toolchain
  libgrpc++-dev protobuf-compiler-grpc             # gRPC 1.51 and its protoc plugin
  libprotobuf-dev protobuf-compiler                # protobuf 3.21
  libabsl-dev                                      # Abseil 20220623: status, flags, strings, time
  librocksdb-dev                                   # RocksDB 7.8: the embedded store
  libssl-dev                                       # SHA-256 for provenance digests
  libmstch-dev                                     # mustache (logic-less templates) for rendering
  libcpp-httplib-dev                               # the /metrics HTTP endpoint
  libxlsxwriter-dev                                # the nine tables as a spreadsheet (FORMAT_XLSX)
  libpoppler-cpp-dev                               # a published PDF's text, page by page (the audit)
  grpc-proto                                       # grpc/health/v1/health.proto
  golang-github-gogo-googleapis-dev                # google/rpc/*.proto, google/type/date.proto
  python3                                          # the demo and black-box tests read JSON with it
  libgtest-dev libgmock-dev                        # GoogleTest (the build defines the tests too)
  libbenchmark-dev                                 # Google Benchmark (bench/)
)
# The HTML disclosure is looked at in headless Chromium, with a CJK font.
# python3-yaml: the deploy tests read the manifests (and generate the ConfigMaps) with it.
JUESUAN_TEST_PACKAGES=(
  chromium fonts-wqy-microhei                      # the rendered HTML looked at as a user would
  imagemagick                                      # cuts the screenshots to a phone's width
  poppler-utils                                    # pdftotext reads the printed page numbers back
  python3-openpyxl                                 # the spreadsheet is opened and read back
  python3-yaml                                     # deploy tests read the manifests
  openssl                                          # certificates for the TLS tests
  clang-14 libclang-rt-14-dev                      # libFuzzer, ASan+UBSan and TSan builds
  clang-format-14 clang-tidy-14                    # the style check (scripts/check_style.sh)
)
# npm fetches the pinned buf (package.json). Installed from Debian (nodejs, npm)
# only when no npm is on the PATH: a machine with NodeSource's nodejs already
# has npm, and Debian's npm package conflicts with it.
JUESUAN_NPM_PACKAGES=(nodejs npm)
JUESUAN_BENCH_PACKAGES=(rocksdb-tools)            # db_bench, to cross-check the RocksDB anchor

_juesuan_missing() {
  local missing=()
  for p in "$@"; do
    [ -n "$p" ] || continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

# ensure_debian_packages build|test ...
ensure_debian_packages() {
  local wanted=()
  for group in "$@"; do
    case "$group" in
      build) wanted+=("${JUESUAN_BUILD_PACKAGES[@]}") ;;
      bench) wanted+=("${JUESUAN_BENCH_PACKAGES[@]}") ;;
      test)
        wanted+=("${JUESUAN_TEST_PACKAGES[@]:-}")
        command -v npm >/dev/null 2>&1 || wanted+=("${JUESUAN_NPM_PACKAGES[@]}")
        ;;
    esac
  done
  local missing
  missing=$(_juesuan_missing "${wanted[@]}")
  [ -z "$missing" ] && return 0
  echo "juesuan: installing Debian packages: $missing" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "juesuan: run as root or install sudo to install: $missing" >&2; return 1; }
    sudo="sudo"
  fi
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing \
    || { $sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends $missing; }
}

# The npm tools pinned in package-lock.json (buf), into ./node_modules.
ensure_npm_tools() {
  if [ -x node_modules/.bin/buf ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    return 0
  fi
  npm ci --no-audit --no-fund --loglevel=error
}

# Configures (once) and builds the given targets (all if none) in ./build.
build_juesuan() {
  [ -f build/build.ninja ] || cmake --preset main
  cmake --build build -j "$(nproc)" ${1:+--target "$@"}
}

# build_preset PRESET DIR [TARGET...]: the tree built in DIR as CMakePresets.json's
# PRESET configures it (asan: clang-14 with ASan+UBSan and libFuzzer's coverage;
# tsan: clang-14 with TSan; warnings are not errors there: clang warns about other
# things than the compiler of the main build).
build_preset() {
  local preset=$1 dir=$2; shift 2
  [ -f "$dir/build.ninja" ] || cmake --preset "$preset" -B "$dir"
  cmake --build "$dir" -j "$(nproc)" ${1:+--target "$@"}
}
