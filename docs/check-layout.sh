#!/usr/bin/env bash
# Checks that book pages fit the window: at each width, headless Chromium loads the page,
# waits for MathJax, and measures whether anything is wider than the window, which a reader
# would see as a horizontal scrollbar (on the page itself, or on the content pane beside the
# side tree). It also saves a screenshot of each page at each width, to look at.
#
#   docs/check-layout.sh <build>/book/html <screenshot-dir> <width>[,<width>...] page.html ...
#
# A page passes at a width when neither the document nor the content pane (#doc-content)
# scrolls sideways. Boxes that scroll inside themselves (a wide code fragment, formula or
# table) are fine: that is how the book fits wide things on a phone. Chromium is $CHROMIUM
# (default: chromium). Nothing is fetched from the network.
set -uo pipefail

usage() { echo "usage: $0 <html-dir> <screenshot-dir> <width>[,<width>...] page.html ..." >&2; exit 2; }
[ $# -ge 4 ] || usage
html=$(cd "$1" 2>/dev/null && pwd) || { echo "check-layout: no folder $1" >&2; exit 2; }
mkdir -p "$2" || { echo "check-layout: cannot create $2" >&2; exit 2; }
shots=$(cd "$2" && pwd)
IFS=, read -r -a widths <<<"$3"
shift 3
chromium=${CHROMIUM:-chromium}
command -v "$chromium" >/dev/null || { echo "check-layout: $chromium not found" >&2; exit 2; }
for w in "${widths[@]}"; do
    [[ "$w" =~ ^[0-9]+$ ]] && [ "$w" -ge 200 ] || { echo "check-layout: width '$w' is not a number of pixels >= 200" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The measurement, added to a copy of the page: once MathJax has typeset the page (or after
# 4 s), it writes what it found into the DOM, which --dump-dom prints.
cat >"$work/measure.js" <<'EOF'
<script>
(function () {
  var started = Date.now();
  function measure() {
    var done = document.documentElement.getAttribute("data-nnref-mathjax") === "typeset";
    if (!done && Date.now() - started < 4000) { setTimeout(measure, 100); return; }
    var doc = document.scrollingElement || document.documentElement;
    var pane = document.getElementById("doc-content");
    // The element that reaches furthest right, outside any box that scrolls by itself:
    // what to fix when the page is too wide.
    var widest = "", right = 0;
    var all = document.body.getElementsByTagName("*");
    for (var i = 0; i < all.length; i++) {
      var e = all[i], clipped = false;
      for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        var o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") { clipped = p.id !== "doc-content"; if (clipped) break; }
      }
      if (clipped) continue;
      var r = e.getBoundingClientRect().right;
      if (r > right) {
        right = r;
        widest = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
                 (e.className && e.className.baseVal === undefined && e.className ? "." + e.className.split(" ").join(".") : "");
      }
    }
    var text = "window " + window.innerWidth +
      " document " + doc.scrollWidth +
      " pane " + (pane ? pane.scrollWidth + "/" + pane.clientWidth : "none") +
      " widest " + widest + " " + Math.round(right);
    parent.postMessage(text, "*");
    var out = document.createElement("div");
    out.id = "nnref-layout";
    out.textContent = text;
    document.body.appendChild(out);
  }
  window.addEventListener("load", function () { setTimeout(measure, 100); });
})();
</script>
EOF

chrome() {
    local profile
    profile=$(mktemp -d -p "$work")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars \
        --user-data-dir="$profile" --virtual-time-budget=8000 "$@" 2>/dev/null
}

failed=0
for page in "$@"; do
    file="$html/$page"
    if [ ! -f "$file" ]; then
        echo "FAIL $page: no such page"; failed=1; continue
    fi
    # The copy lives outside the book; <base> makes its links and scripts load from the book.
    perl -0777 -pe 'BEGIN { $base = shift @ARGV; $js = do { local $/; open my $f, "<", shift @ARGV or die; <$f> } }
                    s{<head>}{<head><base href="file://$base/">};
                    s{</body>}{$js</body>}' "$html" "$work/measure.js" "$file" >"$work/$page" \
        || { echo "FAIL $page: could not prepare the page"; failed=1; continue; }
    for w in "${widths[@]}"; do
        # Headless Chromium does not make a window narrower than 500 px, so the page is
        # loaded in a frame of the width; the frame reports to the outer page.
        frame="$work/frame-$w-$page"
        cat >"$frame" <<EOF
<!DOCTYPE html><html><body style="margin:0">
<iframe src="$page" style="width:${w}px;height:1000px;border:0"></iframe>
<script>
window.addEventListener("message", function (e) {
  var d = document.createElement("div"); d.id = "nnref-layout"; d.textContent = e.data;
  document.body.appendChild(d);
});
</script></body></html>
EOF
        line=$(chrome --window-size="$((w + 100)),1100" --dump-dom "file://$frame" \
               | perl -ne 'print "$1\n" if /<div id="nnref-layout">([^<]*)<\/div>/')
        if [[ ! "$line" =~ ^window\ ([0-9]+)\ document\ ([0-9]+)\ pane\ ([^ ]*)\ widest ]]; then
            echo "FAIL $page at $w px: Chromium did not report the layout"; failed=1; continue
        fi
        window=${BASH_REMATCH[1]} document=${BASH_REMATCH[2]} pane=${BASH_REMATCH[3]}
        problems=""
        if [ "$document" -gt "$window" ]; then
            problems+=" the page is $document px wide in a $window px window;"
        fi
        if [ "$window" -ne "$w" ]; then
            problems+=" the frame is $window px wide, not $w;"
        fi
        if [[ "$pane" =~ ^([0-9]+)/([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -gt "${BASH_REMATCH[2]}" ]; then
            problems+=" the content pane holds ${BASH_REMATCH[1]} px in ${BASH_REMATCH[2]} px;"
        fi
        shot="$shots/${page%.html}-$w.png"
        chrome --window-size="$w,1400" --screenshot="$shot" "file://$file" >/dev/null
        if [ -n "$problems" ]; then
            echo "FAIL $page at $w px:${problems%;} ($line; screenshot: $shot)"; failed=1
        else
            echo "ok   $page at $w px: fits ($line; screenshot: $shot)"
        fi
    done
done
exit $failed
