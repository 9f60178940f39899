/* ingest_private.h — what the files of ingest share (not public; the API
 * is ingest.h).
 *
 * ingest is split by job:
 *   ingest.c            bk_ingest: the stages in order; source positions
 *   ingest_chars.c      character classes and text measures
 *   ingest_resolve.c    language, rules file and catalog entry; file names
 *   ingest_normalise.c  load, UTF-8 check, BOM/CRLF, NFC; the rules stage
 *   ingest_lint.c       what looks wrong but has no rule
 *   ingest_classify.c   lines and their roles
 *   ingest_text.c       the TEI text from the roles
 *   ingest_inline.c     inline markup: citation marks, quotations, foreign
 *   ingest_header.c     the teiHeader
 *   ingest_report.c     the --report text
 */
#ifndef BK_INGEST_PRIVATE_H
#define BK_INGEST_PRIVATE_H

#include <stdint.h>

#include "ingest.h"
#include "rules.h"

#define SCRIPT_HIRA 0x48697261u /* 'Hira' */
#define SCRIPT_KANA 0x4b616e61u /* 'Kana' */
#define SCRIPT_HANG 0x48616e67u /* 'Hang' */

enum role {
    R_BLANK,
    R_NONE, /* not yet classified */
    R_TITLE,
    R_HEADING,
    R_PARA,
    R_ITEM,
    R_HATNOTE,
    R_CAPTION,
    R_NOTE,      /* "[21] text": a citation note */
    R_NOTES_HEAD /* the heading above the citation notes */
};

extern const char *const bk_ingest_role_names[];

typedef struct text_line {
    size_t start, end;   /* the line's bytes, without the newline */
    size_t cstart, cend; /* its content: trimmed, markers removed */
    long no;             /* 1-based line number */
    long width;          /* display width of the trimmed line */
    int indent;          /* leading white space, in bytes */
    enum role role;
    int level;           /* heading level (1 = section) */
    int bullet;          /* item: bulleted rather than numbered */
    char num[8];         /* item or note number */
    const bk_rule *mark; /* the mark rule that forced the role */
} text_line;

/* A change made by a generic normalisation. */
typedef struct norm_change {
    const char *kind; /* "bom", "line-ends", "nfc" */
    long line, col;
    char *before, *after; /* NULL for bom and line-ends */
    char *text;           /* description */
} norm_change;

typedef struct counts {
    int sections, paragraphs, lists, items, hatnotes, captions, quotes,
        citations, notes, foreign, headings;
} counts;

/* The paragraph hashes given ids so far (ingest_text.c), in two
 * open-addressing tables of one capacity: by the full hash (how many
 * paragraphs had it) and by its low 25 bits, the id's five digits (the
 * first full hash seen with them, and whether another one followed). */
struct para_seen {
    uint64_t hash;
    uint32_t count; /* 0: an empty slot */
};
struct para_prefix {
    uint32_t key;   /* the 25 bits + 1; 0: an empty slot */
    uint32_t mixed; /* paragraphs of two different hashes share them */
    uint64_t first;
};

typedef struct ingest {
    bk_ctx *ctx;
    const bk_ingest_options *opts;
    const char *src;  /* the source path as given */
    char *raw;        /* the file as read */
    size_t rawlen;
    char sha[65];

    /* resolved from options and catalog */
    char *catalog_path;
    int in_catalog;
    char *lang;
    const char *lang_from;
    char *cat_title, *cat_origin;
    char *rules_path;
    const char *rules_from;
    bk_rules *rules;

    /* the text after the generic normalisations, and its line starts */
    char *norm;
    size_t normlen;
    size_t *line_starts;
    size_t nlines;
    size_t pos_line, pos_off; /* the last position asked (norm_position) */
    long pos_col;
    norm_change *nchanges;
    size_t nnchanges, capnchanges;
    int had_bom;
    size_t crlf, cr;

    /* the text after the rules, with origins into norm */
    bk_otext text;
    bk_changes changes;

    /* marks applied: line indices with a mark rule */
    text_line *lines;
    size_t nl;
    int wrapped;
    int has_notes; /* some lines are citation notes */
    long title_line; /* 0 when the title came from the catalog */
    char *title;     /* plain text of the title */

    char idp[12]; /* id prefix: "vi", "zh", "en" */
    int nh, np, nd, nlist, nn, nf;
    struct para_seen *seen; /* the paragraphs given ids (ingest_text.c) */
    struct para_prefix *prefixes;
    size_t nseen, capseen;
    counts cnt;
    size_t nlint;
    bk_buf lint_report;
} ingest;

typedef struct builder {
    ingest *g;
    bk_status st;
    long line; /* source line of the block being built: its node's line,
                  so that later stages can point into the .txt */
} builder;

typedef struct inline_ids {
    int q, r, fo;
} inline_ids;


/* ingest_chars.c */
int bk_ingest_is_trad_only(uint32_t cp);
/* The language the letters of a text suggest (ingest_detect.c), or NULL
 * when they suggest none. */
const char *bk_ingest_detect_lang(const char *text, size_t len);
/* Length of a citation mark "[21]" at s (its number into num), or 0
 * (ingest_inline.c). */
size_t bk_ingest_citation_at(const char *s, size_t n, char num[8]);
/* After loading: the language guessed from the text when neither the
 * option nor the catalog gave one (announced as a warning), checked, and
 * the id prefix derived from it. */
bk_status bk_ingest_stage_language(ingest *g);
int bk_ingest_is_simp_only(uint32_t cp);
int bk_ingest_is_han(uint32_t cp);
int bk_ingest_is_east_asian(uint32_t cp);
uint32_t bk_ingest_cp_at(const char *s, size_t n, size_t i);
uint32_t bk_ingest_cp_before(const char *s, size_t start, size_t i);
size_t bk_ingest_prev_start(const char *s, size_t start, size_t i);
int bk_ingest_starts_with(const char *s, size_t n, const char *prefix);
int bk_ingest_is_sentence_end(uint32_t cp);
int bk_ingest_is_clause_end(uint32_t cp);
int bk_ingest_is_closer(uint32_t cp);
int bk_ingest_is_lower(uint32_t cp);
int bk_ingest_is_digit(char c);
long bk_ingest_text_width(const char *s, size_t n);

/* ingest_resolve.c */
const char *bk_ingest_base_name(const char *path);
const char *bk_ingest_lang_name(const char *tag);
int bk_ingest_lang_is_cjk(const char *tag);
int bk_ingest_chinese_variant(const char *tag);
bk_status bk_ingest_stage_resolve(ingest *g);

/* ingest.c */
bk_status bk_ingest_oom(ingest *g);
void bk_ingest_norm_position(ingest *g, size_t off, long *line, long *col);
void bk_ingest_text_position(ingest *g, size_t off, long *line, long *col);

/* ingest_normalise.c */
bk_status bk_ingest_stage_load(ingest *g);
bk_status bk_ingest_stage_normalise(ingest *g);
bk_status bk_ingest_stage_rules(ingest *g);

/* ingest_lint.c */
bk_status bk_ingest_stage_lint(ingest *g);
/* After the structure: titles and headings with words joined by "_". */
bk_status bk_ingest_lint_headings(ingest *g);

/* ingest_classify.c */
size_t bk_ingest_hatnote_prefix(const char *s, size_t n);
bk_status bk_ingest_split_lines(ingest *g);
size_t bk_ingest_next_content(const ingest *g, size_t i);
bk_status bk_ingest_classify(ingest *g);

/* ingest_text.c */
void bk_ingest_node_prepend(bk_node *parent, bk_node *child);
bk_node *bk_ingest_add_el(builder *b, bk_node *parent, const char *name,
                       const char *id);
int bk_ingest_set_attr(builder *b, bk_node *n, const char *k, const char *v);
int bk_ingest_add_text(builder *b, bk_node *n, const char *s, size_t len);
bk_status bk_ingest_stage_structure(ingest *g, bk_node *tei);

/* ingest_inline.c */
void bk_ingest_add_inline(builder *b, bk_node *parent, const char *pid,
                       inline_ids *ids, const char *s, size_t n, int depth);

/* ingest_header.c */
bk_status bk_ingest_build_header(ingest *g, bk_node *tei);

/* ingest_report.c */
void bk_ingest_write_report(ingest *g, bk_buf *r);

#endif
