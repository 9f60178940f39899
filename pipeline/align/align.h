/* align.h — proposing and checking the alignment of a parallel edition
 * (`booklet align`, docs/ALIGN.md).
 *
 * Texts are cut into units (the sentences of their paragraphs and list
 * items); each unit carries anchors, the things two accounts in different
 * languages can share: dates (normalised to ISO whatever the language
 * wrote: "ngày 18 tháng 10 năm 1860", "10月18日", "18 October 1860"),
 * numbers and sums ("800万两" = "8 triệu lượng" = 8000000), names (people
 * and terms of a glossary, places of a places file) and Latin-script
 * proper names written the same in both texts. The words each language
 * uses for months, dates and number multipliers come from the message
 * catalogs (messages/LANG.xml), never from the code.
 *
 * A pair of texts is aligned by dynamic programming: the monotone
 * (order-keeping) set of unit pairs with the highest total of shared anchor
 * weight (rarer anchors weigh more) less a penalty for the distance of the
 * pair's relative positions in their texts (measured in characters, as
 * Gale and Church measure lengths). Three texts: the pairwise alignments
 * are joined into links of up to one unit per text that keep the order of
 * every text.
 *
 * Ownership: every _new returns an object freed with its _free, which
 * accepts NULL. Nothing here prints.
 */
#ifndef BK_ALIGN_H
#define BK_ALIGN_H

#include "bk.h"
#include "compose.h"

/* ---- the words anchors are made of -------------------------------------- */

typedef struct bk_lexicon bk_lexicon;

/* An empty lexicon; NULL on OOM. */
bk_lexicon *bk_lexicon_new(void);
void bk_lexicon_free(bk_lexicon *lx);
/* Loads the date patterns, month names and number words of language `lang`
 * from the message catalogs under `root` (ctx->datadir). */
bk_status bk_lexicon_add_language(bk_ctx *ctx, bk_lexicon *lx, const char *root,
                                  const char *lang);
/* Adds the names of a glossary (schemas/glossary.rng; sources/glossary.xml)
 * or of a TEI places file (listPlace/place[@xml:id]/placeName[@xml:lang]):
 * each name becomes an anchor named by its entry's key. */
bk_status bk_lexicon_add_glossary(bk_ctx *ctx, bk_lexicon *lx, const char *path);
bk_status bk_lexicon_add_places(bk_ctx *ctx, bk_lexicon *lx, const char *path);

/* ---- anchors ------------------------------------------------------------ */

typedef struct bk_anchor {
    char key[64];    /* "d:1860-10-18", "m:1860-10", "y:1860", "n:8000000",
                        "k:elgin" (a glossary or places key), "w:Palmerston" */
    double base;     /* weight before rarity: a day 4, a month 2.5, a year
                        0.5, a number 3 (under 100: 0.8), a name 3, a
                        shared word 2 */
    size_t start, end; /* the bytes of the text it was found in */
    int derived;       /* the month of a day ("m:1860-10" of 18 October
                          1860): not counted in how many units hold the
                          key, so that a month written alone stays rare */
} bk_anchor;

/* The date context carried from sentence to sentence: the last year and
 * month a text named, for dates written without them ("24日"). */
typedef struct bk_date_ctx {
    int year, month;
} bk_date_ctx;

/* Finds the anchors of s[0..n) in language `lang`, appending to *a (count
 * *na, capacity *cap; realloc'd). Returns 0 or -1 (OOM). */
int bk_anchors_find(const bk_lexicon *lx, const char *lang, const char *s, size_t n,
                    bk_date_ctx *dc, bk_anchor **a, size_t *na, size_t *cap);

/* ---- texts as units ----------------------------------------------------- */

typedef struct bk_unit {
    size_t block;   /* the flow block (a paragraph or list item) */
    size_t nth;     /* its sentence, from 1 */
    size_t nsent;   /* the block's sentences */
    size_t start, end; /* the sentence's bytes in the block's text */
    double pos;     /* the relative position of its middle, 0..1 */
    bk_anchor *a;   /* in text order */
    size_t na, cap;
    size_t *ord;    /* the first anchor of each key, sorted by key */
    size_t nord;
} bk_unit;

/* An anchor key and the number of units of a text that hold it. */
typedef struct bk_akey {
    char key[64];
    size_t df;
} bk_akey;

typedef struct bk_atext {
    const bk_flow *flow; /* not owned */
    bk_unit *u;
    size_t n;
    bk_akey *keys; /* sorted by key */
    size_t nkeys;
} bk_atext;

/* Cuts a flow into units and finds their anchors; *out freed with
 * bk_atext_free. */
bk_status bk_atext_new(bk_ctx *ctx, const bk_lexicon *lx, const bk_flow *flow,
                       bk_atext **out);
void bk_atext_free(bk_atext *t);
/* The unit holding sentence `nth` of block `block`, or (size_t)-1. */
size_t bk_atext_find(const bk_atext *t, size_t block, size_t nth);

/* ---- aligning ----------------------------------------------------------- */

/* The weight of the anchors units a->u[i] and b->u[j] share (0 if none);
 * when `why` is given, the shared anchors are appended to it as
 * "1860-10-18, elgin" (text of a's unit). */
double bk_align_score(const bk_atext *a, size_t i, const bk_atext *b, size_t j, bk_buf *why);

typedef struct bk_apair {
    size_t i, j;   /* units of the two texts */
    double score;  /* shared anchor weight */
} bk_apair;

/* The dynamic programme over two texts: the best monotone set of unit
 * pairs (each worth at least BK_ALIGN_MIN_SCORE), in order; *out freed by
 * the caller (free). */
#define BK_ALIGN_MIN_SCORE 3.5
/* A link whose passages share less than this (a year alone) is weak. */
#define BK_ALIGN_WEAK 1.0
/* A pair of units this strong that no link pairs is a missing link. */
#define BK_ALIGN_STRONG 7.0
bk_status bk_align_pair(bk_ctx *ctx, const bk_atext *a, const bk_atext *b,
                        bk_apair **out, size_t *n);

/* A proposed link: one unit per text or (size_t)-1 where the text has no
 * part in it. */
typedef struct bk_alink {
    size_t unit[8];
    double score;
} bk_alink;

/* The links of texts t[0..n) (2 <= n <= 8): pairwise alignments joined
 * into links that keep the order of every text, merged where consecutive
 * links fall in the same paragraphs. *out freed with free. */
bk_status bk_align_links(bk_ctx *ctx, bk_atext *const *t, size_t n,
                         bk_alink **out, size_t *nout);

/* Writes the alignment file (TEI, with its own header) for texts t[0..n)
 * read from files[0..n): one linkGrp of all the texts and, for three or
 * more, one per pair; each link preceded by a comment naming the anchors
 * that support it and the first words of each passage. `glossary` and
 * `places` (or NULL) are recorded in the header, relative to `out_path`,
 * for --check and the build. */
bk_status bk_align_write(bk_ctx *ctx, bk_atext *const *t, const char *const *files, size_t n,
                         const char *glossary, const char *places, const char *out_path,
                         bk_buf *out);

/* ---- checking ----------------------------------------------------------- */

/* Checks an alignment against its texts (after bk_xref_alignment left out
 * the targets that name nothing): a warning at the link's file:line:col for
 * each link whose passages share no anchor, and for each pair of passages
 * the aligner would link (strong shared anchors) that no link pairs.
 * *nweak and *nmissing count them (either may be NULL). */
bk_status bk_align_check(bk_ctx *ctx, const bk_alignment *al, bk_atext *const *t, size_t n,
                         size_t *nweak, size_t *nmissing);

/* The glossary or places file an alignment's header names (idno
 * type="glossary" / "places") in *out (caller frees; NULL when absent),
 * relative to the alignment's folder and under the rule for paths named
 * in data files (paths.h). */
bk_status bk_align_header_file(bk_ctx *ctx, const bk_node *tei, const char *file,
                               const char *type, char **out);

#endif
