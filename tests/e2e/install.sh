#!/usr/bin/env bash
# `make install` into a temporary DESTDIR, then the installed program, run
# from a folder outside the source tree, builds a handout from a text the
# test writes; its manual page renders and its bash completion loads. The
# data folder can be moved and named by BOOKLET_DATA.
# Prints "install: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
top=$PWD
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: install: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

make -s install DESTDIR="$dest" PREFIX=/usr/local >"$tmp/install.log" 2>&1 \
  && ok || { bad "make install failed: $(tail -3 "$tmp/install.log")"; }
bin=$dest/usr/local/bin/booklet
share=$dest/usr/local/share/booklet
for f in "$bin" "$share/layouts/handout.xml" "$share/layouts/facing.xml" "$share/layouts/columns.xml" \
         "$share/fonts/fonts.xml" "$share/messages/en.xml" "$share/messages/zh-Hant.xml" \
         "$share/templates/starter/layout.xml" "$dest/usr/local/share/man/man1/booklet.1.gz" \
         "$dest/usr/local/share/bash-completion/completions/booklet"; do
  [ -e "$f" ] && ok || bad "not installed: ${f#$dest}"
done

# a folder outside the tree, a text of the test's own
work=$tmp/work; mkdir -p "$work"
cat >"$work/lesson.txt" <<'TXT'
Rivers of the North

The Red River rises in the mountains of Yunnan and reaches the sea south of Hai Phong.

Its delta has been farmed for more than two thousand years.
TXT
(cd "$work" && "$bin" build --lang en lesson.txt) >"$tmp/build.out" 2>&1 \
  && ok || bad "installed build failed: $(cat "$tmp/build.out")"
if [ -s "$work/lesson.pdf" ]; then
  ok
  txt=$(pdftotext "$work/lesson.pdf" - 2>/dev/null | tr -s ' \n' ' ')
  grep -q "more than two thousand years" <<<"$txt" && ok || bad "the handout lacks the text"
else
  bad "no lesson.pdf"
fi

# the data folder moved elsewhere and named by BOOKLET_DATA
mv "$share" "$tmp/moved-data"
rm -f "$work/lesson.pdf"
(cd "$work" && "$bin" build --lang en lesson.txt) >"$tmp/nodata.out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "BOOKLET_DATA" "$tmp/nodata.out" && [ ! -e "$work/lesson.pdf" ] \
  && ok || bad "without its data: exit $rc, $(cat "$tmp/nodata.out")"
(cd "$work" && BOOKLET_DATA=$tmp/moved-data "$bin" build --lang en lesson.txt) >"$tmp/moved.out" 2>&1 \
  && [ -s "$work/lesson.pdf" ] && ok || bad "BOOKLET_DATA: $(cat "$tmp/moved.out")"

# the manual page and the completion
man -l "$dest/usr/local/share/man/man1/booklet.1.gz" 2>/dev/null | grep -q "booklet build" \
  && ok || bad "man page does not render"
w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$dest/usr/local/share/man/man1/booklet.1.gz" 2>&1 >/dev/null)
[ -z "$w" ] && ok || bad "man --warnings: $w"
bash -c ". '$dest/usr/local/share/bash-completion/completions/booklet' && complete -p booklet" \
  >/dev/null 2>&1 && ok || bad "completion does not load"

# every option of `booklet build --help` is in the manual page
for o in $("$top/build/booklet" build --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  man -l "$top/docs/booklet.1" 2>/dev/null | grep -q -- "$o" && ok || bad "man page lacks $o"
done

echo "install: $pass passed, $fail failed"
[ $fail -eq 0 ]
