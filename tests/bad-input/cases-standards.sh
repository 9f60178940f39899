# Bad-input cases of the PDF standards (issue 18): --standard lists that
# cannot be claimed, and <output-intent> profiles that cannot be one (not
# ICC, RGB, missing, outside the allowed folders, attributes missing).
# Sourced by tests/bad-input/run.sh.

cp color/FOGRA39L-argyll.icc "$in/press.icc"
: > "$in/empty.icc"
head -c 4000 color/FOGRA39L-argyll.icc > "$in/cut.icc"
cp /usr/share/color/icc/sRGB.icc "$in/srgb.icc"
intent() { lay "$1" "s|</layout>|  <output-intent $2/>\n</layout>|"; }
intent oi-good.xml 'profile="press.icc" condition="FOGRA39"'
intent oi-empty.xml 'profile="empty.icc" condition="FOGRA39"'
intent oi-cut.xml 'profile="cut.icc" condition="FOGRA39"'
intent oi-rgb.xml 'profile="srgb.icc" condition="sRGB"'
intent oi-missing.xml 'profile="nowhere.icc" condition="FOGRA39"'
intent oi-outside.xml 'profile="/etc/hostname" condition="FOGRA39"'
intent oi-nocond.xml 'profile="press.icc"'
intent oi-emptycond.xml 'profile="press.icc" condition=""'

expect "standard: unknown word (usage)"     2 "--standard=pdfa-3b: 'pdfa-3b' is not understood" - -- "$BKA" build --standard=pdfa-3b "$good"
expect "standard: two PDF/A levels (usage)" 2 "'pdfa-2u' is not understood"  - -- "$BKA" build --standard=pdfa-2b,pdfa-2u "$good"
expect "standard: none with others (usage)" 2 "is not understood"            - -- "$BKA" build --standard=none,pdfx-4 "$good"
expect "standard: empty (usage)"            2 "is not understood"            - -- "$BKA" build --standard= "$good"
expect "standard: PDF/UA on imposed sheets (usage)" 2 "imposed sheets are not tagged" o.pdf -- "$BKA" build --standard=pdfua-1 "$good" --imposed @OUT
expect "standard: PDF/A-2a on imposed sheets (usage)" 2 "imposed sheets are not tagged" o.pdf -- "$BKA" build --standard=pdfa-2a "$good" --imposed @OUT
expect -c 'grep -aq "/OutputConditionIdentifier (FOGRA39)" "$out"' \
  "output-intent: a good one"               0 '' o.pdf -- "$BKA" build "$in/oi-good.xml" "$good" --print @OUT
expect "output-intent: empty profile"       1 'oi-empty\.xml:[0-9]+: error: output intent profile .*not an ICC profile' o.pdf -- "$BKA" build "$in/oi-empty.xml" "$good" -o @OUT
expect "output-intent: cut profile"         1 "oi-cut\.xml:[0-9]+: error: output intent profile .*size is not the file's" o.pdf -- "$BKA" build "$in/oi-cut.xml" "$good" -o @OUT
expect "output-intent: RGB profile"         1 'oi-rgb\.xml:[0-9]+: error: output intent profile .*not a CMYK profile' o.pdf -- "$BKA" build "$in/oi-rgb.xml" "$good" --print @OUT
expect "output-intent: missing profile"     1 'nowhere\.icc' o.pdf -- "$BKA" build "$in/oi-missing.xml" "$good" -o @OUT
expect "output-intent: outside the allowed folders" 1 'oi-outside\.xml:[0-9]+: error: .*/etc/hostname' o.pdf -- "$BKA" build "$in/oi-outside.xml" "$good" -o @OUT
expect "output-intent: no condition"        1 'oi-nocond\.xml:[0-9]+:[0-9]+: error: .*condition' o.pdf -- "$BKA" build "$in/oi-nocond.xml" "$good" -o @OUT
expect "output-intent: empty condition"     1 'oi-emptycond\.xml:[0-9]+: error: <output-intent> needs' o.pdf -- "$BKA" build "$in/oi-emptycond.xml" "$good" -o @OUT
expect "output-intent: not read without a claim" 0 '' o.pdf -- "$BKA" build --standard=none "$in/oi-rgb.xml" "$good" -o @OUT
