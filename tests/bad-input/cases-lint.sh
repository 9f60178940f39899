# cases-lint.sh — ingest's lint on a text of its own (issue 21): words of a
# title or heading joined by underscores (a wiki link's page name) are
# reported with the rule that mends them, an error under --strict, and the
# suggested rules, declared, leave nothing to report. Sourced by run.sh.

mkdir -p "$in/lint"
{ echo "Hiệp_ước_Nam_Kinh"; echo
  echo "Hiệp ước Nam Kinh được ký năm 1842 giữa nhà Thanh và Anh."; echo
  echo "Bối_cảnh"; echo
  echo "Một đoạn văn với tên_biến trong câu thì không phải tiêu đề, không báo."
} > "$in/lint/vi-nam-kinh.txt"
expect "lint: underscores joining a title's words fail --strict, with the rule to declare" 1 \
       "vi-nam-kinh\.txt:1:5: error: title \"Hiệp_ước_Nam_Kinh\": 3 underscores join its words .*replace underscore-line1 \"_\" -> \" \" line=1" \
       o.xml -- "$BKA" ingest --strict --lang vi "$in/lint/vi-nam-kinh.txt" -o @OUT
expect -c '! grep -q "tên_biến" <<<"$err" && grep -q "Bối_cảnh" <<<"$err"' \
       "lint: a heading too, not a paragraph; without --strict a warning and the TEI written" 0 \
       "vi-nam-kinh\.txt:5:4: warning: heading \"Bối_cảnh\": 1 underscore joins its words" \
       o.xml -- "$BKA" ingest --lang vi "$in/lint/vi-nam-kinh.txt" -o @OUT
# the rules the warnings suggest, declared beside the text, mend it
"$BK" ingest --lang vi "$in/lint/vi-nam-kinh.txt" -o "$in/lint/first.xml" 2>&1 |
  grep -o 'replace underscore-line[0-9]* .*' > "$in/lint/vi-nam-kinh.rules"
expect -c '[ "$(grep -c "<head" "$out")" -ge 2 ] && grep -q "<head[^>]*>Bối cảnh</head>" "$out" && ! grep -q "_" <<<"$(grep -o "<title[^>]*>[^<]*" "$out")"' \
       "lint: the suggested rules, declared, leave no finding under --strict" 0 "" \
       o.xml -- "$BKA" ingest --strict --lang vi "$in/lint/vi-nam-kinh.txt" -o @OUT
