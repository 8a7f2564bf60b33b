#!/usr/bin/env bash
# The style is applied, not only written down:
#  1. every C++ file as .clang-format lays it out (clang-format 14, as Debian 12
#     ships it): a file it would change fails, named with the lines;
#  2. clang-tidy (.clang-tidy: bugprone-*, performance-*, readability naming) on
#     the C++ files a change touches, every warning an error: the files given as
#     arguments, else those of the last commit. Needs build/compile_commands.json
#     (scripts/test.sh runs this after the main build).
set -euo pipefail
cd "$(dirname "$0")/.."
format=$(command -v clang-format-14 || command -v clang-format)
tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
git ls-files '*.cc' '*.h' ':!third_party' | xargs "$format" --dry-run --Werror
if [ "$#" -gt 0 ]; then
  changed=("$@")
else
  mapfile -t changed < <(git diff --name-only --diff-filter=AM HEAD~1 HEAD -- '*.cc' \
    ':!third_party' 2>/dev/null || true)
fi
for f in "${changed[@]}"; do
  [ -f "$f" ] || continue
  "$tidy" -p build --quiet --warnings-as-errors='*' "$f" 2>/dev/null \
    || { echo "clang-tidy: $f" >&2; exit 1; }
done
echo "style: $(git ls-files '*.cc' '*.h' ':!third_party' | wc -l) files formatted, ${#changed[@]} tidied"
