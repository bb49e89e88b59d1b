#!/usr/bin/env bash
# Checks that MathJax typesets every formula in the book's pages, by loading each page in
# headless Chromium and reading the resulting DOM. Doxygen cannot do this itself: it hands
# TeX to MathJax unchecked, so a typo such as a missing brace only shows in a browser.
#
#   docs/check-formulas.sh <build>/book/html [page.html ...]
#
# Without page names it checks index.html, notation.html and every chapter page
# (ch[0-9][0-9]_*.html); with --all, every page that contains a formula. A page passes when
#   - MathJax finished (docs/mathjax-hooks.js marks <html data-nnref-mathjax="typeset">),
#   - every formula Doxygen wrote became MathJax SVG output,
#   - no TeX parse error, "Math Processing Error" or MathJax file load error was reported,
#   - no raw TeX delimiters (\( \[ \f$ \f[) are left in the text outside code.
# Chromium is $CHROMIUM (default: chromium). Nothing is fetched from the network.
set -uo pipefail

usage() { echo "usage: $0 <html-dir> [--all | page.html ...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
html=$(cd "$1" 2>/dev/null && pwd) || { echo "check-formulas: no folder $1" >&2; exit 2; }
shift
chromium=${CHROMIUM:-chromium}
command -v "$chromium" >/dev/null || { echo "check-formulas: $chromium not found" >&2; exit 2; }
command -v perl >/dev/null || { echo "check-formulas: perl not found" >&2; exit 2; }

# Formulas Doxygen wrote into a page, outside code: \( ... \) and \[ ... \].
count_tex() {
    perl -0777 -ne '
        s{<script\b.*?</script>}{}gs; s{<pre\b.*?</pre>}{}gs; s{<code\b.*?</code>}{}gs;
        s{<div class="fragment">.*?</div><!-- fragment -->}{}gs;
        my $n = () = /\\\(|\\\[/g; print $n' "$1"
}

pages=()
if [ $# -eq 0 ]; then
    for p in index.html notation.html "$html"/ch[0-9][0-9]_*.html; do
        [ -e "$html/${p##*/}" ] && pages+=("${p##*/}")
    done
elif [ "$1" = "--all" ]; then
    while IFS= read -r p; do
        [ "$(count_tex "$p")" -gt 0 ] && pages+=("${p##*/}")
    done < <(find "$html" -maxdepth 1 -name '*.html' | sort)
else
    pages=("$@")
fi
[ ${#pages[@]} -gt 0 ] || { echo "check-formulas: no pages to check in $html" >&2; exit 1; }

failed=0
for page in "${pages[@]}"; do
    file="$html/$page"
    if [ ! -f "$file" ]; then
        echo "FAIL $page: no such page"; failed=1; continue
    fi
    expected=$(count_tex "$file")
    profile=$(mktemp -d)
    dom=$(timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
            --no-first-run --disable-background-networking --disable-component-update \
            --disable-sync --host-resolver-rules="MAP * ~NOTFOUND" \
            --user-data-dir="$profile" --virtual-time-budget=5000 \
            --dump-dom "file://$file" 2>/dev/null)
    status=$?
    rm -rf "$profile"
    if [ $status -ne 0 ] || [ -z "$dom" ]; then
        echo "FAIL $page: chromium exited with $status and no page"; failed=1; continue
    fi
    # One line of findings per problem, from the typeset DOM.
    problems=$(printf '%s' "$dom" | EXPECTED="$expected" perl -0777 -ne '
        my @p;
        my $expected = $ENV{EXPECTED};
        if ($expected > 0 && !/data-nnref-mathjax="typeset"/) {
            push @p, "MathJax did not finish typesetting (within the 5 s virtual time budget)";
        }
        while (/class="nnref-math-error">(.*?)<\/div>/gs) { push @p, $1; }
        my $scripts = () = /<script type="math\/tex/g;
        my $svg = () = /<span class="MathJax_SVG"/g;
        if ($scripts != $expected) {
            push @p, "Doxygen wrote $expected formula(s) but MathJax found $scripts";
        }
        if ($svg < $scripts) {
            push @p, "only $svg of $scripts formula(s) became SVG";
        }
        my $text = $_;
        $text =~ s{<script\b.*?</script>}{}gs; $text =~ s{<pre\b.*?</pre>}{}gs;
        $text =~ s{<code\b.*?</code>}{}gs;
        $text =~ s{<div class="fragment">.*?</div><!-- fragment -->}{}gs;
        $text =~ s{<svg\b.*?</svg>}{}gs;
        $text =~ s{<div id="nnref-math-errors">.*?</div></div>}{}gs;
        push @p, "MathJax shows [Math Processing Error]" if $text =~ /Math Processing Error/;
        while ($text =~ /(.{0,30}(?:\\\(|\\\[|\\f\$|\\f\[).{0,30})/g) {
            push @p, "raw TeX left in the page: ...$1...";
        }
        print "$_\n" for @p;
        print "OK $scripts\n" unless @p;')
    if [[ "$problems" == OK\ * ]]; then
        echo "ok   $page: ${problems#OK } formula(s) typeset"
    else
        failed=1
        while IFS= read -r line; do echo "FAIL $page: $line"; done <<<"$problems"
    fi
done
exit $failed
