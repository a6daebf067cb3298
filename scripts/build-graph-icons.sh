#!/usr/bin/env bash
# Regenerates components/graph/fonts/graph-icons.woff2: the graph's badge and mTLS-lock icons (components/graph/glyphs.ts) as a
# 2 KB web font, so canvas labels draw them on any machine (no emoji font needed; issue 16). The glyphs are a subset of
# Font Awesome Free 7.3.1's solid font (SIL OFL 1.1; the subset is renamed, as the OFL asks of modified fonts).
# Needs npm and Debian's fonttools + python3-brotli (apt-get install fonttools python3-brotli; FONTTOOLS_PYTHON names
# their python if not /usr/bin/python3). Output is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @fortawesome/fontawesome-free@7.3.1 >/dev/null && tar xzf ./*.tgz)
# code points: keep in step with ICON in components/graph/glyphs.ts
codes="U+F023,U+F0A9,U+F0AC,U+F126,U+F074,U+F4D7,U+F0E7,U+F05E,U+F24D,U+F017,U+F071,U+E4E2,U+F277"
pyftsubset "$tmp/package/webfonts/fa-solid-900.woff2" --unicodes="$codes" --flavor=woff2 --layout-features='' \
  --no-hinting --desubroutinize --output-file="$tmp/subset.woff2"
"${FONTTOOLS_PYTHON:-/usr/bin/python3}" - "$tmp/subset.woff2" components/graph/fonts/graph-icons.woff2 <<'PY'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1])
names = {1: 'Meshscope Graph Icons', 2: 'Regular', 3: 'Meshscope Graph Icons', 4: 'Meshscope Graph Icons',
         6: 'MeshscopeGraphIcons', 16: 'Meshscope Graph Icons', 17: 'Regular'}
table = font['name']
for rec in list(table.names):
    if rec.nameID in names:
        table.setName(names[rec.nameID], rec.nameID, rec.platformID, rec.platEncID, rec.langID)
font.flavor = 'woff2'
font.save(sys.argv[2])
PY
cp "$tmp/package/LICENSE.txt" components/graph/fonts/graph-icons.LICENSE.txt
echo "wrote components/graph/fonts/graph-icons.woff2 ($(wc -c < components/graph/fonts/graph-icons.woff2) bytes)"
