# booklet align fed what it must refuse (sourced by run.sh): too few texts,
# no output, an output that is an input, a text or glossary that is not
# what it should be (malformed, wrong schema, an entity), and an alignment
# whose link names a passage that is gone (--check: an error at the
# link's file:line:col, no output written).

al=$in/align; mkdir -p "$al"
atext() { # lang text
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader><fileDesc><titleStmt><title>%s</title></titleStmt><publicationStmt><p>t</p></publicationStmt><sourceDesc><p>t</p></sourceDesc></fileDesc></teiHeader>\n<text xml:lang="%s"><body>\n<p xml:id="%s.p_aaaaa">%s</p>\n</body></text></TEI>\n' \
    "$1" "$1" "$1" "$2" > "$al/$1.xml"
}
atext en "On 18 October 1860 the palace burned."
atext vi "Ngày 18 tháng 10 năm 1860, cung điện bị đốt."
printf '<glossary>\n  <entry key="x" type="person"><term lang="en">X</term></entry>\n  <bogus/>\n</glossary>\n' > "$al/bad-glossary.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE glossary [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<glossary><entry key="x" type="person"><term lang="en">&e;</term></entry></glossary>\n' > "$al/xxe-glossary.xml"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>a</title></titleStmt><publicationStmt><p>t</p></publicationStmt><sourceDesc><p>t</p></sourceDesc></fileDesc></teiHeader>\n<text><body><div><linkGrp type="alignment" xml:id="g">\n<link target="#en.p_aaaaa #vi.p_zzzzz"/>\n</linkGrp></div></body></text></TEI>\n' > "$al/gone.xml"
AL=("$BKA" align)

expect "align: one text"               2 'two texts or more'                  - -- "${AL[@]}" "$al/en.xml" -o "$al/o.xml"
expect "align: neither -o nor --check" 2 'either -o OUT or --check'           - -- "${AL[@]}" "$al/en.xml" "$al/vi.xml"
expect "align: -o is an input"         2 'vi\.xml: error: -o names an input'  - -- "${AL[@]}" "$al/en.xml" "$al/vi.xml" -o "$al/vi.xml"
expect "align: a text malformed"       1 'malformed\.xml:3:[0-9]+: error: '   o.xml -- "${AL[@]}" "$al/en.xml" "$D/malformed.xml" -o @OUT
expect "align: a text not TEI"         1 'layout-base\.xml:[0-9]+: error: '   o.xml -- "${AL[@]}" "$al/en.xml" "$D/layout-base.xml" -o @OUT
expect "align: glossary off schema"    1 'bad-glossary\.xml:3:[0-9]+: error: .*bogus' o.xml -- "${AL[@]}" "$al/en.xml" "$al/vi.xml" --glossary "$al/bad-glossary.xml" -o @OUT
expect "align: glossary with an entity" 1 'xxe-glossary\.xml:[0-9]+:[0-9]+: error: .*entit' o.xml -- "${AL[@]}" "$al/en.xml" "$al/vi.xml" --glossary "$al/xxe-glossary.xml" -o @OUT
expect "align: glossary missing"       1 'no-such\.xml: error: '              o.xml -- "${AL[@]}" "$al/en.xml" "$al/vi.xml" --glossary "$al/no-such.xml" -o @OUT
expect "align --check: a link to a passage gone" 1 "gone\.xml:4:[0-9]+: error: alignment target '#vi\.p_zzzzz' names no passage" - -- \
  "${AL[@]}" --check "$al/gone.xml" "$al/en.xml" "$al/vi.xml"
cp "$al/en.xml" "$al/en2.xml"
expect "align: two texts with the same id prefix" 1 "en2\.xml: error: its ids start with 'en\.' as those of .*en\.xml do" o.xml -- \
  "${AL[@]}" "$al/en.xml" "$al/en2.xml" -o @OUT
sed 's|<sourceDesc><p>t</p></sourceDesc>|<sourceDesc><bibl><idno type="glossary">/etc/passwd</idno></bibl></sourceDesc>|' "$al/gone.xml" > "$al/evil.xml"
expect "align --check: header names a glossary outside" 1 "evil\.xml:2: error: '/etc/passwd' is outside the allowed folders" - -- \
  "${AL[@]}" --check "$al/evil.xml" "$al/en.xml" "$al/vi.xml"
