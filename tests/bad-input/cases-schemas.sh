# Bad-input cases: the built-in schemas (booklet schema NAME) and the value
# checks of layouts. Sourced by run.sh (expect, lay, lb, $D, $in, $BKA,
# $good, $tmp). Every file kind has at least one case: an unknown name with
# its did-you-mean at file:line:col; values (listed words, datatypes,
# languages, ranges) at the line that holds them.

# ---- booklet schema -----------------------------------------------------------
expect -c 'grep -q "^layout " <<<"$sout" && grep -q "^tei " <<<"$sout"' \
       "schema: lists the schemas" 0 '' - -- "$BKA" schema
for s in layout fonts catalog messages map glossary tei; do
  expect -c 'grep -q "relaxng.org/ns/structure" <<<"$sout"' \
         "schema: prints $s" 0 '' - -- "$BKA" schema "$s"
done
expect "schema: unknown name (usage)" 2 "no schema named 'nope'" - -- "$BKA" schema nope

# ---- layouts: names -----------------------------------------------------------
lay sch-bottm.xml 's|<page width|<page bottm="20mm" width|'
lb "unknown attribute, did you mean" \
   "sch-bottm\.xml:4:9: error: unknown attribute 'bottm' on <page>; did you mean 'bottom'\? \(allowed: 'size', 'width'" \
   "$in/sch-bottm.xml"
lay sch-sytle.xml 's|<style name="title"|<sytle name="title"|'
lb "unknown element, did you mean" \
   'sch-sytle\.xml:6:3: error: unknown element <sytle> in <layout>; did you mean <style>\? \(allowed here: <page>' \
   "$in/sch-sytle.xml"
lay sch-chapter.xml 's|<fonts |<parts><chapter/></parts><fonts |'
lb "element in the wrong place" \
   'sch-chapter\.xml:5:10: error: unknown element <chapter> in <parts> \(allowed here: <part>, <figure>\)' \
   "$in/sch-chapter.xml"
lay sch-style-in-page.xml 's|folio="10mm"/>|folio="10mm"><style name="x"/></page>|'
lb "known element in the wrong place" \
   'sch-style-in-page\.xml:4:[0-9]+: error: <style> is not allowed in <page>' \
   "$in/sch-style-in-page.xml"
lay sch-no-name.xml 's|<style name="note"|<style|'
lb "required attribute missing" 'sch-no-name\.xml:12:[0-9]+: error: <style> needs name=' "$in/sch-no-name.xml"
printf '<?xml version="1.0"?>\n<layuot/>\n' > "$in/sch-root.xml"
lb "wrong root" 'sch-root\.xml:2: error: root element must be <layout>, not <layuot>' "$in/sch-root.xml"
head -c 300 "$BK" > "$in/sch-binary-layout.xml"
lb "binary layout: plain words" 'sch-binary-layout\.xml:1:1: error: the file is empty or not XML' \
   "$in/sch-binary-layout.xml"
printf '<layout>\n  <page width="1" width="2"/>\n</layout>\n' > "$in/sch-dup.xml"
lb "attribute twice: plain words" 'sch-dup\.xml:2:[0-9]+: error: an attribute is given twice' "$in/sch-dup.xml"

# ---- layouts: values ----------------------------------------------------------
lay sch-role.xml 's|<style name="title" role="heading"|<style name="title" role="headin"|'
lb "listed value, did you mean" \
   "sch-role\.xml:6:[0-9]+: error: role=\"headin\" is not allowed on <style>; did you mean 'heading'\? \(use: 'body', 'italic', 'heading'\)" \
   "$in/sch-role.xml"
lay sch-align.xml 's|align="justify"|align="centre"|'
lb "align: did you mean" "sch-align\.xml:8:[0-9]+: error: align=\"centre\" is not allowed on <style>; did you mean 'center'" \
   "$in/sch-align.xml"
lay sch-cover-nope.xml 's|<fonts |<front cover="nope"/><fonts |'
lb "boolean refused with the allowed words" \
   "sch-cover-nope\.xml:5:[0-9]+: error: cover=\"nope\" is not allowed on <front> \(use: 'yes', 'no', 'true', 'false'\)" \
   "$in/sch-cover-nope.xml"
lay sch-cover-false.xml 's|<fonts |<front cover="false"/><fonts |'
expect -c 'qpdf --check "$out" >/dev/null' \
       "layout: cover=\"false\" means no cover" 0 '' o.pdf -- "$BKA" build --strict "$in/sch-cover-false.xml" "$good" -o @OUT
lay sch-left.xml 's|<fonts |<hyphenation lang="en" patterns="/usr/share/hyphen/hyph_en_US.dic" left="two"/><fonts |'
lb "integer attribute" 'sch-left\.xml:5:[0-9]+: error: left="two" on <hyphenation> must be a whole number' "$in/sch-left.xml"
lay sch-expansion-nan.xml 's|<style name="note"|<style expansion="nan%" name="note"|'
lb "expansion NaN" 'sch-expansion-nan\.xml:12:[0-9]+: error: expansion="nan%": use 0% to 10%' "$in/sch-expansion-nan.xml"
lay sch-folio.xml 's|folio="10mm"|folio="1000mm"|'
lb "folio off the page" 'sch-folio\.xml:4:[0-9]+: error: page folio .* must lie within the bottom margin' "$in/sch-folio.xml"
lay sch-gap.xml 's|<fonts |<parallel gap="-10mm"/><fonts |'
lb "parallel gap negative" 'sch-gap\.xml:5:[0-9]+: error: parallel gap must be 0 to .*overlap' "$in/sch-gap.xml"
lay sch-blank-note.xml 's|<fonts |<parallel blank-note="-5mm"/><fonts |'
lb "parallel blank-note negative" \
   'sch-blank-note\.xml:5:[0-9]+: error: parallel blank-note must be a length of 0 \(no notes\) or more' \
   "$in/sch-blank-note.xml"
lay sch-widen.xml 's|<fonts |<parallel widen="maybe"/><fonts |'
lb "parallel widen not yes or no" 'sch-widen\.xml:5:[0-9]+: error: .*widen' "$in/sch-widen.xml"
lay sch-space.xml 's|<style name="note"|<style space-after="1e300pt" name="note"|'
lb "absurd space" 'sch-space\.xml:12: error: space-before, space-after and leading must not exceed' "$in/sch-space.xml"
lay sch-date.xml "s|<fonts |<parts><figure kind=\"timeline\" src=\"$PWD/sources/events.xml\" select=\"events\" detail-from=\"1860/06\"/></parts><fonts |"
lb "date not ISO" 'sch-date\.xml:5:[0-9]+: error: detail-from="1860/06" is not a date \(use 1860, 1860-10 or 1860-10-24\)' "$in/sch-date.xml"
lay sch-break.xml 's|<style name="title"|<style break-before="chapter" name="title"|'
lb "break-before: the allowed words" \
   'sch-break\.xml:6:[0-9]+: error: break-before="chapter" is not allowed on <style>.*(none|page|recto)' \
   "$in/sch-break.xml"
lay sch-stretch.xml 's|<style name="note"|<style space-stretch="-2pt" name="note"|'
lb "space-stretch negative" 'sch-stretch\.xml:12: error: right-indent, group-space-before, group-space-after and space-stretch must not be negative' "$in/sch-stretch.xml"
lay sch-inset.xml 's|<style name="caption"|<style left-indent="60mm" right-indent="60mm" name="caption"|'
lb "caption inset past the measure" "sch-inset\.xml:10: error: indents of style 'caption' leave less than two ems" "$in/sch-inset.xml"

# ---- language tags ------------------------------------------------------------
lay sch-lang-vn.xml 's|<style name="note"|<style lang="vn" name="note"|'
lb "layout lang: region as language" \
   "sch-lang-vn\.xml:12:[0-9]+: error: lang=\"vn\": unknown language 'vn'; did you mean 'vi' \(Vietnamese\)\?" \
   "$in/sch-lang-vn.xml"
lay sch-lang-english.xml 's|<style name="note"|<style lang="english" name="note"|'
lb "layout lang: English name" \
   "sch-lang-english\.xml:12:[0-9]+: error: lang=\"english\": unknown language 'english'; did you mean 'en' \(English\)\?" \
   "$in/sch-lang-english.xml"
lay sch-lang-script.xml 's|<style name="note"|<style lang="zh-Hanz" name="note"|'
lb "layout lang: unknown script" "sch-lang-script\.xml:12:[0-9]+: error: lang=\"zh-Hanz\": unknown script 'Hanz'" \
   "$in/sch-lang-script.xml"
expect "ingest --lang vn (usage)" 2 "unknown language 'vn'; did you mean 'vi' \(Vietnamese\)\?" \
       o.xml -- "$BKA" ingest --lang vn "$src" -o @OUT
expect "ingest --lang cn (usage)" 2 "unknown language 'cn'; did you mean 'zh' \(Chinese\)\?" \
       o.xml -- "$BKA" ingest --lang cn "$src" -o @OUT
expect "build --lang english (usage)" 2 "unknown language 'english'; did you mean 'en' \(English\)\?" \
       o.pdf -- "$BKA" build --lang english "$src" -o @OUT
sed 's|<text xml:lang="en"|<text xml:lang="vn"|' "$D/tei-min.xml" > "$in/sch-tei-vn.xml"
expect "TEI xml:lang checked" 1 "sch-tei-vn\.xml:11:[0-9]+: error: xml:lang=\"vn\": unknown language 'vn'" \
       - -- "$BKA" validate "$in/sch-tei-vn.xml"

# ---- fonts configuration ------------------------------------------------------
sed 's|<fonts>|<fonts fallbak="none">|' fonts/fonts.xml > "$in/sch-fonts-attr.xml"
lay sch-fonts-attr.xml-layout.xml "s|$PWD/fonts/fonts.xml|$in/sch-fonts-attr.xml|"
lb "fonts: unknown attribute" "sch-fonts-attr\.xml:[0-9]+:8: error: unknown attribute 'fallbak' on <fonts>; did you mean 'fallback'" \
   "$in/sch-fonts-attr.xml-layout.xml"
sed 's|lang="zh-Hant"|lang="cn"|' fonts/fonts.xml > "$in/sch-fonts-lang.xml"
lay sch-fonts-lang-layout.xml "s|$PWD/fonts/fonts.xml|$in/sch-fonts-lang.xml|"
lb "fonts: bad role language" "sch-fonts-lang\.xml:[0-9]+:[0-9]+: error: lang=\"cn\": unknown language 'cn'" "$in/sch-fonts-lang-layout.xml"

# ---- source catalog -----------------------------------------------------------
mkdir -p "$in/cat"; cp "$src" "$in/cat/a.txt"
printf '<catalog>\n  <source file="a.txt" lang="cn"/>\n</catalog>\n' > "$in/cat/catalog.xml"
expect "catalog: lang" 1 "catalog\.xml:2:[0-9]+: error: lang=\"cn\": unknown language 'cn'; did you mean 'zh' \(Chinese\)\?" \
       o.xml -- "$BKA" ingest --catalog "$in/cat/catalog.xml" "$in/cat/a.txt" -o @OUT
printf '<catalog>\n  <source file="a.txt" lang="en" rule="a.rules"/>\n</catalog>\n' > "$in/cat/catalog2.xml"
expect "catalog: unknown attribute" 1 "catalog2\.xml:2:34: error: unknown attribute 'rule' on <source>; did you mean 'rules'" \
       o.xml -- "$BKA" ingest --catalog "$in/cat/catalog2.xml" "$in/cat/a.txt" -o @OUT

# ---- message catalogs (a data folder of our own) -----------------------------
dd=$in/datadir; mkdir -p "$dd"
cp -r layouts fonts messages "$dd/"
sed 's|<msg id="map.symbol.city">|<mesg id="map.symbol.city">|; s|city</msg>|city</mesg>|' messages/en.xml > "$dd/messages/en.xml"
expect "messages: unknown element" 1 "en\.xml:[0-9]+:3: error: unknown element <mesg> in <messages>; did you mean <msg>" \
       o.pdf -- env BOOKLET_DATADIR="$dd" "$BKA" build "$dd/layouts/handout.xml" "$good" -o @OUT

# ---- map definitions ------------------------------------------------------------
sed 's|<projection |<projection typ="x" |' sources/maps/campaign.xml > "$in/sch-map.xml"
lay sch-map-layout.xml "s|<fonts |<parts><figure kind=\"map\" name=\"campaign\" src=\"$in/sch-map.xml\"/></parts><fonts |"
lb "map: unknown attribute" "sch-map\.xml:[0-9]+:[0-9]+: error: unknown attribute 'typ' on <projection>; did you mean 'type'" \
   "$in/sch-map-layout.xml"
sed 's|<north-arrow |<labels halo="-1"/><north-arrow |' sources/maps/campaign.xml > "$in/sch-map-halo.xml"
lay sch-map-halo-layout.xml "s|<fonts |<parts><figure kind=\"map\" name=\"campaign\" src=\"$in/sch-map-halo.xml\"/></parts><fonts |"
# (the schema layer says "an element is missing here" for a bad value inside <map>'s
# interleave; the line is the one holding it)
hl=$(grep -n '<labels halo' "$in/sch-map-halo.xml" | cut -d: -f1)
lb "map: a negative halo" "sch-map-halo\.xml:$hl(:[0-9]+)?: error: " "$in/sch-map-halo-layout.xml"
