#!/usr/bin/env bash
# Checks every link of the book offline, anchors included, with LinkChecker (Debian:
# linkchecker): it starts at index.html and follows every link between the book's pages,
# and fails on a missing page or a missing #anchor. Nothing is fetched from the network
# (links outside the book are not followed).
#
#   docs/check-links.sh <build>/book/html
#
# LinkChecker is $LINKCHECKER (default: linkchecker). Run as root, LinkChecker reads the
# files as the user nobody; when nobody cannot read the book where it is, it is checked in
# a copy that nobody can read.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: $0 <html-dir>" >&2; exit 2; }
html=$(cd "$1" 2>/dev/null && pwd) || { echo "check-links: no folder $1" >&2; exit 2; }
[ -f "$html/index.html" ] || { echo "check-links: no $html/index.html (was the book built?)" >&2; exit 2; }
linkchecker=${LINKCHECKER:-linkchecker}
command -v "$linkchecker" >/dev/null || { echo "check-links: $linkchecker not found" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
if [ "$(id -u)" -eq 0 ] && ! runuser -u nobody -- test -r "$html/index.html" 2>/dev/null; then
    cp -r "$html" "$work/html"
    chmod -R a+rX "$work/html"
    html="$work/html"
fi

# The configuration: AnchorCheck reports a link to a missing #anchor as a warning. Every
# warning fails the check, as every error does.
cat >"$work/linkcheckerrc" <<'EOF'
[checking]
threads=2
[output]
status=0
[AnchorCheck]
EOF

"$linkchecker" --config="$work/linkcheckerrc" --no-status -o text "file://$html/index.html" \
    >"$work/report.txt" 2>"$work/log.txt"
status=$?
# The report: one block per bad link (URL, the page it is on, what is wrong), then a summary.
sed -n '/^Start checking/,$p' "$work/report.txt"
if [ $status -ne 0 ]; then
    grep -v 'Running as root user' "$work/log.txt" >&2
    echo "check-links: LinkChecker found broken links or anchors in $1 (exit $status)"
    exit 1
fi
echo "check-links: every link and anchor of the book resolves"
