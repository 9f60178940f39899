# cases-rtl.sh — right-to-left text, sourced by run.sh. The setter has no
# bidirectional layout: Arabic or Hebrew would be printed mirrored, so a
# build refuses it at its first character, naming the line and column.
mkdir -p "$in/rtl"
printf 'نهر الراين\n\nينبع نهر الراين من جبال الألب.\n' > "$in/rtl/ar.txt"
printf 'Names\n\nThe word for peace is שלום in Hebrew.\n' > "$in/rtl/he-word.txt"
expect "rtl: an Arabic text (its language guessed)" 1 \
       'ar\.txt:1:1: error: .*U\+0646.* right to left \(script Arab\)' \
       o.pdf -- "$BKA" build "$in/rtl/ar.txt" -o @OUT
expect "rtl: a Hebrew word in an English paragraph" 1 \
       'he-word\.txt:3:23: error: .*U\+05E9.* right to left \(script Hebr\)' \
       o.pdf -- "$BKA" build --lang en "$in/rtl/he-word.txt" -o @OUT
"$BK" ingest --lang ar "$in/rtl/ar.txt" -o "$in/rtl/ar.xml" 2>/dev/null
expect "rtl: Arabic TEI" 1 'ar\.xml:[0-9]+:[0-9]+: error: .* right to left' \
       o.pdf -- "$BKA" build "$in/rtl/ar.xml" -o @OUT
# digits of Arabic script run left to right, and a right-to-left mark is a
# format control: both are set, not refused
printf 'Prices\n\nThe price is \331\243\331\245 dinars, or \333\261\333\262 coins.\xe2\x80\x8f\n' > "$in/rtl/digits.txt"
expect "rtl: Arabic-Indic digits and a right-to-left mark are set" 0 '' \
       o.pdf -- "$BKA" build --lang en "$in/rtl/digits.txt" -o @OUT
