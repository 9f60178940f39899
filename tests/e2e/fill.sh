#!/usr/bin/env bash
# Full pages, on texts this test writes: an English and a Vietnamese text of
# a dozen sections each (short and long paragraphs of varied sentences under
# headings, a few bulleted lists), ingested from plain text and set with a
# layout extending the neutral handout (A5, 15 mm margins, body 10.5pt on
# 14pt, no space between paragraphs, a small stretch around blocks and
# line-stretch). From the PDF (pdftotext -bbox-layout): every page but the
# last ends with its last body line within 1 pt of the lowest last line of
# the text's pages; the report counts no short page and, with --strict, no
# widow, orphan or stranded heading, and its tight or loose lines and largest
# adjustment ratio agree with the warnings. The same texts set without line-stretch
# must show short pages to this measure (what it reads is what it checks).
# Prints "fill: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
PY=/usr/bin/python3
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

layout() { # FILE LINE-STRETCH
  cat > "$1" <<EOF
<layout extends="handout">
  <page size="A5" top="15mm" bottom="15mm" inner="15mm" outer="15mm" folio="7mm"/>
  <front cover="no" contents="no"/>
  <back colophon="no"/>
  <style name="title" size="16pt" leading="22pt" space-after="14pt" space-stretch="6pt"/>
  <style name="heading" size="11.5pt" leading="16pt" space-before="10pt"
         space-after="2pt" space-stretch="4pt"/>
  <style name="body" leading="14pt" first-indent="1em" space-after="0pt"
         space-stretch="0.5pt" line-stretch="$2" flush-first="yes"/>
  <style name="item" leading="14pt" space-after="0pt" left-indent="1.5em"
         group-space-before="4pt" group-space-after="4pt" space-stretch="0.5pt"
         line-stretch="$2"/>
</layout>
EOF
}
layout "$tmp/fill.xml" 1pt
layout "$tmp/rigid.xml" 0pt

# text LANG SEED FILE: a title, 12 sections of 1 to 4 paragraphs of 1 to 6
# sentences, one list in five paragraphs (a linear congruential generator:
# the same text every run)
text() {
  local lang=$1 seed=$2 out=$3 s
  local -a S H
  if [ "$lang" = en ]; then
    mapfile -t S <<'EOF'
The river rose three feet in a single night, and by morning the lower town was under water.
Merchants carried their bales of silk to the upper floors, where they waited for the flood to pass.
Nobody in the district could remember a season so wet, although the oldest boatmen spoke of one in their childhood.
The magistrate sent clerks to count the damage, but most of them returned with little more than rumours.
In the villages beyond the dikes, farmers watched the young rice drown within sight of the granaries.
A letter from the provincial capital promised relief, yet the grain did not arrive for another month.
Prices doubled, then doubled again, and the poorest families began to sell their tools.
Some travelled south to find work in the salt pans; others joined the crews repairing the canals.
The engineers disagreed about the cause: one blamed the silted channels, another the felling of the hill forests.
Both were right, as later surveys showed, and neither remedy could be applied in a single year.
When the water finally fell, it left behind a layer of fine grey mud that covered every field.
The mud proved fertile, and the harvest of the following autumn was the best in a generation.
Historians have used the records of that decade to trace how quickly a local crisis became a regional one.
The registers are precise but silent about suffering; the diaries are vivid but often self-serving.
A missionary counted more than two hundred boats tied up along a single street.
Schools closed for the season, and the examinations were postponed until the roads were passable.
EOF
    H=("The flood" "Prices and the poor" "What the engineers said" "The records"
       "After the water" "Schools and examinations")
  else
    mapfile -t S <<'EOF'
Mùa mưa năm ấy đến sớm hơn mọi năm, nước sông dâng cao chỉ sau một đêm.
Các nhà buôn vội vàng chuyển hàng hóa lên gác, chờ cho nước rút.
Không ai trong vùng nhớ được một mùa mưa dai dẳng như thế, dù các cụ già vẫn kể về một trận lụt thời trẻ.
Quan huyện cử thư lại đi kiểm đếm thiệt hại, nhưng phần lớn họ trở về chỉ với những lời đồn.
Ở những làng ngoài đê, nông dân đứng nhìn lúa non chìm trong nước ngay trước cửa kho thóc.
Một bức thư từ tỉnh thành hứa sẽ cứu trợ, nhưng phải một tháng sau thóc gạo mới đến nơi.
Giá gạo tăng gấp đôi, rồi lại gấp đôi nữa, và những gia đình nghèo nhất bắt đầu bán cả nông cụ.
Có người đi về phía nam tìm việc ở ruộng muối, có người theo các đội sửa kênh đào.
Cả hai đều đúng, như các cuộc khảo sát về sau cho thấy, và không biện pháp nào có thể làm xong trong một năm.
Khi nước rút hẳn, trên mặt ruộng còn lại một lớp phù sa mịn màu xám.
Lớp phù sa ấy rất màu mỡ, và vụ mùa năm sau là vụ mùa tốt nhất trong mấy chục năm.
Người dân đồng bằng đã quen với những đổi thay như vậy, quen chờ đợi cả mất mùa lẫn được mùa.
Sổ thuế, văn bia ở đình chùa và nhật ký của các quan lại đều kể những phần khác nhau của cùng một câu chuyện.
Đến cuối thế kỷ, những con đê mới đã được đắp dọc theo dòng chính.
Một nhà truyền giáo đếm được hơn hai trăm chiếc thuyền buộc dọc một con phố.
Trường học đóng cửa suốt mùa lũ, và kỳ thi phải hoãn lại cho đến khi đường sá đi lại được.
EOF
    H=("Trận lụt" "Giá cả và người nghèo" "Ý kiến của các kỹ sư" "Sổ sách còn lại"
       "Sau khi nước rút" "Trường học và thi cử")
  fi
  local r=$seed
  rnd() { r=$(( (r * 1103515245 + 12345) % 2147483648 )); echo $(( (r >> 8) % $1 )); }
  {
    [ "$lang" = en ] && echo "A season of floods" || echo "Một mùa lũ"
    echo
    for ((d = 0; d < 12; d++)); do
      echo "${H[$(( (d + seed) % ${#H[@]} ))]}"; echo
      local np; np=$(( $(rnd 4) + 1 ))
      for ((p = 0; p < np; p++)); do
        local ns line=""; ns=$(( $(rnd 6) + 1 ))
        for ((k = 0; k < ns; k++)); do line+="${S[$(rnd ${#S[@]})]} "; done
        echo "${line% }"; echo
        if [ "$(rnd 5)" = 0 ]; then
          for ((k = 0; k < 3; k++)); do echo "- ${S[$(rnd ${#S[@]})]}"; done
          echo
        fi
      done
    done
  } > "$out"
}

# bottoms PDF: per page, how far its lowest body line (not the folio) is
# above the lowest of all pages but the last; pages but the last
bottoms() {
  pdftotext -bbox-layout "$1" - | $PY -c '
import re, sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/1999/xhtml}"
root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", sys.stdin.read()))
low = []
for page in root.iter(ns + "page"):
    rows = {}
    for w in page.iter(ns + "word"):
        rows.setdefault(round(float(w.get("yMax")), 1), []).append(w.text or "")
    ys = sorted(rows)
    if ys and len(rows[ys[-1]]) == 1 and rows[ys[-1]][0].isdigit():
        ys.pop()  # the folio
    low.append(ys[-1] if ys else 0)
body = low[:-1]
for i, y in enumerate(body, 1):
    print(i, "%.2f" % (max(body) - y))
'
}

for lang in en vi; do
  for seed in 3 11; do
    text $lang $seed "$tmp/$lang$seed.txt"
    if ! "$BK" ingest --lang=$lang "$tmp/$lang$seed.txt" -o "$tmp/$lang$seed.xml" 2> "$tmp/log"; then
      bad "$lang$seed: ingest failed"; sed 's/^/  /' "$tmp/log"; continue
    fi
    if ! "$BK" build --strict --report "$tmp/fill.xml" "$tmp/$lang$seed.xml" \
         -o "$tmp/$lang$seed.pdf" > "$tmp/report" 2> "$tmp/log"; then
      bad "$lang$seed: build --strict failed"; sed 's/^/  /' "$tmp/log"; continue
    fi
    ok
    bottoms "$tmp/$lang$seed.pdf" > "$tmp/bottoms"
    n=$(wc -l < "$tmp/bottoms")
    off=$(awk '$2 > 1' "$tmp/bottoms" | wc -l)
    check "$lang$seed: several pages ($n)" test "$n" -ge 4
    check "$lang$seed: every page but the last ends on the last baseline ($off off)" \
      test "$off" = 0
    [ "$off" = 0 ] || { echo "  page, pt above the lowest last line:"; sed 's/^/  /' "$tmp/bottoms"; }
    check "$lang$seed: the report counts no short page" \
      grep -qx 'short pages: 0' "$tmp/report"
    check "$lang$seed: no widow, orphan or stranded heading" \
      test "$(awk '/^(widows|orphans|stranded headings):/ { s += $NF } END { print s + 0 }' \
              "$tmp/report")" = 0
    # the report agrees with the warnings on stderr, for the settings the
    # page search kept as for the others: as many tight or loose lines (a
    # paragraph with several is one warning, "N lines of the paragraph are
    # tight or loose"), and no warned ratio above the report's largest
    # (JSON diagnostics: every warning, none left out as "and N more")
    "$BK" build --diagnostics=json "$tmp/fill.xml" "$tmp/$lang$seed.xml" -o "$tmp/json.pdf" \
      2> "$tmp/json"
    warned=$(awk '/: (tight|loose) line \(adjustment ratio/ { n++ }
                  / lines of the paragraph are tight or loose/ {
                    for (i = 1; i < NF; i++) if ($(i+1) == "lines" && $i ~ /^[0-9]+$/) n += $i }
                  END { print n + 0 }' "$tmp/json")
    check "$lang$seed: the report's tight or loose lines are the warnings ($warned)" \
      grep -qx "tight or loose lines: $warned" "$tmp/report"
    wmax=$(grep -o 'adjustment ratio -\?[0-9.]*' "$tmp/json" | awk '{ a = $3 < 0 ? -$3 : $3; if (a > m) m = a } END { print m + 0 }')
    check "$lang$seed: no warned ratio ($wmax) above the report's largest" \
      awk -v w="$wmax" '/^max adjustment ratio:/ { exit !($4 >= w - 0.006) }' "$tmp/report"
    # the control: without line-stretch some page of these texts ends short
    "$BK" build --report "$tmp/rigid.xml" "$tmp/$lang$seed.xml" -o "$tmp/rigid.pdf" \
      > "$tmp/rigid.report" 2>/dev/null
    echo "$(bottoms "$tmp/rigid.pdf" | awk '$2 > 1' | wc -l) $(awk '/^short pages:/ { print $3 }' \
      "$tmp/rigid.report")" >> "$tmp/control"
  done
done
check "without line-stretch the measure finds short pages, as the report does ($(tr '\n' ' ' < "$tmp/control"))" \
  awk '{ s += $1; r += $2; if (($1 > 0) != ($2 > 0)) bad = 1 } END { exit !(s > 0 && !bad) }' \
  "$tmp/control"

echo "fill: $pass passed, $fail failed"
[ "$fail" = 0 ]
