/* fuzz_anchor.c — libFuzzer target: booklet align's anchors and dynamic
 * programme (pipeline/align/). The input is "LANGS TEXT-A \0 TEXT-B": the
 * first byte picks the two texts' languages among en, vi, zh-Hans, ja and
 * de (a language without a catalog); each text is read for anchors as
 * raw bytes (any bytes, invalid UTF-8 included), then, one paragraph a
 * line, made into a TEI text and the two aligned. The lexicon holds the
 * catalogs of the repository and its glossary and places.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; every
 * anchor lies within its text and is not empty; the pairs of the
 * programme keep the order of both texts and score at least
 * BK_ALIGN_MIN_SCORE.
 */
#include "align.h"
#include "fuzz.h"
#include "xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static bk_lexicon *lexicon; /* made once: the catalogs and data files */
static const char *const langs[] = {"en", "vi", "zh-Hans", "ja", "de"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    bk_ctx *ctx = bk_ctx_new();
    lexicon = bk_lexicon_new();
    if (!ctx || !lexicon)
        abort();
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++)
        if (bk_lexicon_add_language(ctx, lexicon, BK_FUZZ_ROOT, langs[i]) != BK_OK)
            abort();
    if (bk_lexicon_add_glossary(ctx, lexicon, BK_FUZZ_ROOT "/sources/glossary.xml") != BK_OK ||
        bk_lexicon_add_places(ctx, lexicon, BK_FUZZ_ROOT "/sources/places.xml") != BK_OK)
        abort();
    bk_ctx_free(ctx);
    return 0;
}

static void anchors_check(const char *lang, const char *s, size_t n)
{
    bk_anchor *a = NULL;
    size_t na = 0, cap = 0;
    bk_date_ctx dc = {0, 0};
    if (bk_anchors_find(lexicon, lang, s, n, &dc, &a, &na, &cap) < 0)
        abort();
    for (size_t i = 0; i < na; i++)
        if (a[i].start >= a[i].end || a[i].end > n || !a[i].key[0])
            abort();
    free(a);
}

/* A TEI text of one paragraph a line (XML specials escaped, control
 * characters dropped); NULL when it does not read (invalid UTF-8). */
static bk_flow *flow_of(bk_ctx *ctx, const char *lang, const char *s, size_t n)
{
    bk_buf x = {0};
    bk_flow *f = NULL;
    bk_node *tei = NULL;
    int k = 0, open = 0;
    bk_buf_printf(&x, "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text xml:lang=\"%s\"><body>",
                  lang);
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)s[i] : '\n';
        if (c == '\n') {
            if (open)
                bk_buf_puts(&x, "</p>");
            open = 0;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            continue;
        if (!open && k < 200) {
            bk_buf_printf(&x, "<p xml:id=\"%c.p%d\">", lang[0] == 'z' ? 'z' : lang[0], ++k);
            open = 1;
        }
        if (!open)
            continue;
        const char *e = c == '<' ? "&lt;" : c == '&' ? "&amp;" : c == '>' ? "&gt;" : NULL;
        if (e)
            bk_buf_puts(&x, e);
        else
            bk_buf_append(&x, &c, 1);
    }
    bk_buf_puts(&x, "</body></text></TEI>");
    if (x.data && bk_xml_read_memory(ctx, "t.xml", x.data, x.len, &tei) == BK_OK)
        fuzz_check_status(ctx, bk_compose(ctx, tei, "t.xml", &f), "bk_compose");
    bk_node_free(tei);
    bk_buf_release(&x);
    return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *la = langs[data[0] % 5], *lb = langs[(data[0] / 5) % 5];
    const char *piece[2];
    size_t len[2];
    fuzz_split(data + 1, size - 1, 2, piece, len);
    anchors_check(la, piece[0], len[0]);
    anchors_check(lb, piece[1], len[1]);
    if (strcmp(la, lb) == 0)
        lb = strcmp(la, "en") ? "en" : "vi"; /* two texts need two id prefixes */
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_flow *fa = flow_of(ctx, la, piece[0], len[0]), *fb = flow_of(ctx, lb, piece[1], len[1]);
    bk_atext *a = NULL, *b = NULL;
    bk_apair *p = NULL;
    size_t np = 0;
    if (!fa || !fb)
        goto done;
    fuzz_check_status(ctx, bk_atext_new(ctx, lexicon, fa, &a), "bk_atext_new");
    fuzz_check_status(ctx, a ? bk_atext_new(ctx, lexicon, fb, &b) : BK_OK, "bk_atext_new");
    if (!a || !b)
        goto done;
    fuzz_check_status(ctx, bk_align_pair(ctx, a, b, &p, &np), "bk_align_pair");
    for (size_t k = 0; k < np; k++)
        if (p[k].score < BK_ALIGN_MIN_SCORE || p[k].i >= a->n || p[k].j >= b->n ||
            (k && (p[k].i <= p[k - 1].i || p[k].j <= p[k - 1].j)))
            abort();
done:
    free(p);
    bk_atext_free(a);
    bk_atext_free(b);
    bk_flow_free(fa);
    bk_flow_free(fb);
    bk_ctx_free(ctx);
    return 0;
}
