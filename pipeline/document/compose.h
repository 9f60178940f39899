/* compose.h — from a TEI tree to a flow of blocks: what will be typeset, in
 * reading order, each block naming its layout style and language. Knows TEI
 * element names; knows nothing of fonts or pages.
 *
 * Ownership: bk_compose returns a flow freed with bk_flow_free; the flow
 * copies all text it needs (the tree may be freed afterwards).
 */
#ifndef BK_COMPOSE_H
#define BK_COMPOSE_H

#include "bk.h"
#include "node.h"

/* A stretch of a block's text in another language (TEI foreign). */
typedef struct bk_span {
    size_t start, end; /* byte offsets into the block text */
    char *lang;
} bk_span;

/* A citation mark (TEI ref[@type="citation"], "[21]"): set as the
 * layout's "citation" style says (a superscript), and a link to its note
 * when the source has the note. */
typedef struct bk_cite {
    size_t start, end; /* byte offsets into the block text */
    char *target;      /* the note's xml:id ("vi.cit21"), or NULL */
    char *note;        /* the note's text as set ("[21] …"), when the
                          document has it: the link's description */
} bk_cite;

typedef struct bk_table bk_table;

/* A dated event of a TEI listEvent, in the booklet's language. Dates are
 * ISO strings as the data gives them ("1860", "1860-10", "1860-10-24"). */
typedef struct bk_flow_event {
    char *from, *to;  /* to NULL for a single date */
    int uncertain;    /* from..to is the range one date falls in
                         (notBefore/notAfter), not a span of time */
    char *label;
    size_t ndates;    /* where sources disagree: each source's date */
    char **date_when, **date_source; /* "1860-10-18" (or an interval,
                         "1860-10-18/1860-10-19"), and its evidence: a
                         passage "vi.xml#vi.p1" or a reference's short name
                         ("Hertslet 1908") */
    char *note;       /* the printed note on the disagreement, in the
                         booklet's language (note type="disagreement"), or NULL */
} bk_flow_event;

typedef struct bk_block {
    const char *style; /* layout style name: title, heading, body, item,
                          caption, hatnote, note (static strings) */
    char *lang;        /* BCP 47 tag of the block */
    char *text;        /* whitespace-collapsed UTF-8 */
    size_t len;
    char *label;       /* list item label ("1.") or NULL */
    char *id;          /* xml:id or NULL */
    int level;         /* heading depth (1 = title or top section) */
    long line;         /* line of the element in the XML file */
    char *file;        /* that file, when it is not the flow's (a flow
                          appended to another: bk_flow_append), or NULL */
    bk_span *spans;
    size_t nspans;
    bk_cite *cites;    /* citation marks, in text order */
    size_t ncites;
    const char *string; /* a heading the source lacks ("notes", over its
                          citation notes): its text is the layout string of
                          that name (bk_flow_strings_fill); static */
    bk_table *table;   /* style "table": the cells; text is the caption */
    bk_flow_event *events; /* style "timeline": the events, in order */
    size_t nevents;
    char *range_from, *range_to; /* the part of the timeline to draw */
    char *detail_from, *detail_to; /* its expanded span, or NULL */
    int half_page;     /* figures: half a page rather than a whole one */
    int continued;     /* the rest of a paragraph split at a sentence (no
                          first-line indent) */
    char *map;         /* style "map": the map's name ("campaign") */
    char *map_root;    /* the map's definition file (the part's src) */
} bk_block;

/* A table: rows of cells, each cell a block of inline text in its own
 * language (a cell may mix Chinese and Latin). Header rows (TEI
 * row[@role="label"]) repeat after a page break. */
struct bk_table {
    size_t nrows, ncols;
    bk_block *cells;     /* nrows * ncols, row-major; missing cells empty */
    unsigned char *head; /* per row: 1 for a header row */
};

typedef struct bk_flow {
    bk_block *blocks;
    size_t n, cap;
    char *title;  /* document title (teiHeader) */
    char *lang;   /* main language (text/@xml:lang) */
    char *file;   /* the XML file, for messages */
    char **sources; /* "name (SHA-256 ...)" of each source, from the header */
    size_t nsources;
    char **langs;   /* the text language of each document, in order */
    size_t nlangs;
} bk_flow;

/* Steps: find TEI/text -> title block from the header -> walk front, body,
 * back in order, turning block elements into blocks. */
bk_status bk_compose(bk_ctx *ctx, const bk_node *tei, const char *file,
                     bk_flow **out);
void bk_flow_free(bk_flow *f);
/* Gives the blocks that name a layout string (bk_block.string) its text
 * in their language, and drops those the layout has no string for.
 * Returns 0 or -1 (OOM). */
struct bk_layout;
int bk_flow_strings_fill(bk_flow *f, const struct bk_layout *l);
/* A copy of f sharing nothing with it, freed with bk_flow_free; NULL on
 * OOM. */
bk_flow *bk_flow_copy(const bk_flow *f);
/* An empty flow in a language, to append parts to; NULL on OOM. */
bk_flow *bk_flow_new(const char *file, const char *lang);

/* Composes one element of a TEI document found by its xml:id (a table, a
 * div...) as a flow of its own, keeping only the text in `lang` where the
 * element offers several languages (seg[@xml:lang] alternatives); lang NULL
 * keeps all. For data files whose parts a layout includes. A table keeps
 * only the columns named in `columns` (space-separated keys of its header
 * row's cell/@n; "@lang" is the column of the booklet's language), or all
 * when NULL. A ptr becomes the id it points to, so a cell can cite the
 * source passages. */
bk_status bk_compose_part(bk_ctx *ctx, const bk_node *tei, const char *file,
                          const char *id, const char *lang, const char *columns,
                          bk_flow **out);
/* A listEvent as one "timeline" block keeping the events dated within
 * [from, to] (ISO, either may be NULL). */
bk_status bk_compose_events(bk_ctx *ctx, const bk_node *tei, const char *file,
                            const char *id, const char *lang, const char *from,
                            const char *to, bk_flow **out);
/* Moves src's blocks to the end of dst (a booklet of several documents);
 * dst keeps its title and language. src is freed. Returns 0 or -1 (OOM,
 * src then untouched and still owned by the caller). */
int bk_flow_append(bk_flow *dst, bk_flow *src);
/* Appends a "map" figure block. Returns 0 or -1 (OOM). */
int bk_flow_add_map(bk_flow *f, const char *name, const char *root, int half_page);

/* An alignment of passages of several texts (TEI linkGrp[@type=
 * "alignment"]/link[@target="#a #b #c"]): each link names the ids of
 * passages that tell the same thing, at most one per text. "#zh.p4@21"
 * names the 21st sentence of zh.p4 (UAX #29 sentences): the paragraph is
 * split there for the alignment ("@1" is the paragraph itself). */
typedef struct bk_alignment {
    size_t n;
    char ***ids;   /* per link: NULL-terminated list of ids (without '#') */
    char *file;    /* the alignment file, for messages */
    long *line;    /* per link: its line in `file` */
    size_t **tok;  /* per link, per id: which token of @target it was */
} bk_alignment;

/* Loads the linkGrp with xml:id `id` (or the first alignment linkGrp when
 * id is NULL). A target that cannot name a passage (no '#', a URI scheme,
 * twice in its link, a sentence "@0") is a fault at its file:line:col
 * (bk_diag_fault) and left out; so is a link left with fewer than two
 * targets. bk_xref_alignment (xref.h) checks the targets against the
 * texts. */
bk_status bk_alignment_load(bk_ctx *ctx, const bk_node *tei, const char *file,
                            const char *id, bk_alignment **out);
void bk_alignment_free(bk_alignment *a);
/* Leaves out link i, or target j of link i. */
void bk_alignment_drop_link(bk_alignment *a, size_t i);
void bk_alignment_drop_target(bk_alignment *a, size_t i, size_t j);

/* Splits the flow's paragraphs at the sentences the alignment names
 * ("id@N"), each tail becoming a block "id@N" continuing the paragraph. */
bk_status bk_flow_split_sentences(bk_ctx *ctx, bk_flow *f, const bk_alignment *a);

#endif
