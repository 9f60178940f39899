/* build.c — the build library: a request in, PDFs (and a trace, a report)
 * out. It owns the order of the stages and every intermediate object; the
 * stages themselves live in their own folders and know nothing of each
 * other's callers. */
#include "build.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "align_run.h"
#include "compose.h"
#include "date.h"
#include "srcpos.h"
#include "font.h"
#include "ingest.h"
#include "frame.h"
#include "layout.h"
#include "node.h"
#include "trace.h"
#include "typeset.h"
#include "lang.h"
#include "xref.h"
#include "xml.h"

/* Wall-clock stages the timings line reports. */
enum { T_LOAD, T_COMPOSE, T_TYPESET, T_PDF, T_COUNT };

/* Everything one build holds between its stages. */
typedef struct build {
    bk_ctx *ctx;
    const bk_build_request *req;
    bk_layout *layout;
    bk_fontset *fonts;
    bk_validator *val;
    const bk_parallel *par;
    bk_flow *flow;                              /* one-flow booklets */
    bk_flow *columns[BK_BUILD_MAX_SOURCES];     /* parallel editions */
    bk_typeset_stats colstats[BK_BUILD_MAX_SOURCES];
    size_t ncolumns;
    bk_flow *after;                             /* parts after the columns */
    bk_alignment *align;
    bk_frames *frames;
    bk_typeset_stats stats;
    bk_buf edition;                             /* the report's edition section */
    char *icc;                                  /* the output intent's profile */
    size_t icc_len;
    bk_pdf_intent intent;
    double t[T_COUNT];
} build;

static bk_status oom(build *b)
{
    return bk_diag_error(b->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* The outputs of a request, in order: trace, PDFs, deps. */
static size_t outputs(const bk_build_request *r, const char **out)
{
    size_t n = 0;
    if (r->trace)
        out[n++] = r->trace;
    for (size_t k = 0; k < r->npdfs; k++)
        out[n++] = r->pdfs[k].path;
    if (r->deps)
        out[n++] = r->deps;
    return n;
}

/* An output must never replace one of the inputs (those read later are
 * refused when written: files.h), another output, or anything but a
 * regular file. The command line's files may be named by data files
 * wherever they are (paths.h). */
static bk_status check_outputs(build *b)
{
    const bk_build_request *r = b->req;
    const char *out[BK_BUILD_MAX_SOURCES + 8];
    if (r->npdfs > BK_BUILD_MAX_SOURCES)
        return bk_diag_error(b->ctx->diag, BK_EUSAGE, NULL, 0, 0, "too many outputs");
    for (size_t i = 0; r->standards_given && i < r->npdfs; i++)
        if (r->pdfs[i].kind_given && r->pdfs[i].kind == BK_PDF_IMPOSED &&
            (r->standards & (BK_PDF_STD_PDFUA_1 | BK_PDF_STD_PDFA_2A)))
            return bk_diag_error(b->ctx->diag, BK_EUSAGE, r->pdfs[i].path, 0, 0,
                                 "--standard: PDF/UA-1 and PDF/A-2a need a tagged PDF, "
                                 "and imposed sheets are not tagged");
    size_t nout = outputs(r, out);
    for (size_t i = 0; i <= r->nsources; i++) {
        const char *in = i < r->nsources ? r->sources[i] : r->layout;
        if (!in)
            continue;
        if (bk_files_name_arg(b->ctx, in) != 0)
            return oom(b);
        int clash = 0;
        for (size_t k = 0; !clash && k < nout; k++)
            clash = bk_same_file(in, out[k]);
        if (clash)
            return bk_diag_error(b->ctx->diag, BK_EUSAGE, in, 0, 0,
                                 "an output names this input: it would be "
                                 "overwritten");
    }
    for (size_t i = 0; i < nout; i++) {
        for (size_t k = 0; k < i; k++)
            if (strcmp(out[i], out[k]) == 0 || bk_same_file(out[i], out[k]))
                return bk_diag_error(b->ctx->diag, BK_EUSAGE, out[i], 0, 0,
                                     "named as two outputs of one build");
        bk_status st = bk_file_check_output(b->ctx, out[i]);
        if (st)
            return st;
    }
    return BK_OK;
}

/* The figure settings of a timeline part travel with its block. */
static bk_status timeline_settings(build *b, const bk_part *part, bk_flow *f)
{
    bk_block *tb = &f->blocks[0];
    const char *bad = NULL;
    bk_date d;
    if (part->detail_from && bk_date_parse(part->detail_from, &d))
        bad = "detail-from";
    else if (part->detail_to && bk_date_parse(part->detail_to, &d))
        bad = "detail-to";
    if (bad) {
        long line = part->line, col = bk_srcpos_attr_col(part->file, &line, bad);
        return bk_diag_error(b->ctx->diag, BK_EINPUT, part->file, line, col,
                             "%s=\"%s\" is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", bad,
                             bad[7] == 'f' ? part->detail_from : part->detail_to);
    }
    tb->half_page = !part->full_page;
    tb->detail_from = bk_strdup(part->detail_from);
    tb->detail_to = bk_strdup(part->detail_to);
    if ((part->detail_from && !tb->detail_from) || (part->detail_to && !tb->detail_to))
        return oom(b);
    return BK_OK;
}

/* One part from a curated data file (a table or a timeline), composed in
 * `lang` and appended to `flow`. */
static bk_status append_data_part(build *b, const bk_part *part, const char *lang,
                                  bk_flow *flow)
{
    const bk_node *tei = NULL;
    bk_node *own = NULL;
    bk_flow *f = NULL;
    int timeline = strcmp(part->kind, "timeline") == 0;
    char *columns = NULL;
    /* shared: a parallel edition reads the file for each language */
    bk_status st = bk_xml_read_valid_shared(b->ctx, b->val, part->src, &tei, &own);
    if (!st)
        st = bk_xref_part_select(b->ctx, tei, part->select, timeline ? "listEvent" : NULL,
                                 part->src, part->file, part->line);
    /* the columns the table lacks, reported at the part in the layout */
    if (!st && !timeline)
        st = bk_xref_table_columns(b->ctx, tei, part->select, part->columns, lang,
                                   part->file, part->line, &columns);
    if (!st && timeline)
        st = bk_xref_events(b->ctx, tei, part->src, part->select,
                            b->par ? b->columns : &b->flow, b->par ? b->ncolumns : b->flow != NULL,
                            b->req ? b->req->sources : NULL,
                            b->req ? b->req->nsources : 0);
    if (st)
        goto done;
    st = timeline ? bk_compose_events(b->ctx, tei, part->src, part->select, lang,
                                      part->from, part->to, &f)
                  : bk_compose_part(b->ctx, tei, part->src, part->select, lang,
                                    columns ? columns : part->columns, &f);
    if (!st && f->n && timeline)
        st = timeline_settings(b, part, f);
    if (!st && !timeline) {
        const bk_page_geom *pg = bk_layout_page(b->layout);
        long line = part->line, col = bk_srcpos_attr_col(part->file, &line, "select");
        st = bk_xref_tables_fit(b->ctx, f, pg->width - pg->inner - pg->outer,
                                bk_layout_table(b->layout)->column_sep, part->file, line, col);
    }
    if (!st && bk_flow_append(flow, f) != 0)
        st = oom(b);
    else if (!st)
        f = NULL;
done:
    free(columns);
    bk_flow_free(f);
    bk_node_free(own);
    return st;
}

/* A map's src names its definition file: said at the layout's attribute
 * rather than by the map stage, which knows only the path. */
static bk_status map_src_check(build *b, const bk_part *part)
{
    struct stat sb;
    const char *why = stat(part->src, &sb) != 0 ? strerror(errno)
                      : !S_ISREG(sb.st_mode)    ? "not a file"
                                                : NULL;
    if (!why)
        return BK_OK;
    long line = part->line, col = bk_srcpos_attr_col(part->file, &line, "src");
    return bk_diag_error(b->ctx->diag, BK_EINPUT, part->file, line, col,
                         "map \"%s\": src=\"%s\": %s (src names the map's definition file, "
                         "docs/MAPS.md)", part->name, part->src, why);
}

/* Appends the layout's parts (tables and figures from curated data files)
 * to the flow, in the flow's language. */
static bk_status append_parts(build *b, bk_flow *flow)
{
    bk_status st = BK_OK;
    const bk_part *parts = NULL;
    size_t nparts = bk_layout_parts(b->layout, &parts);
    for (size_t i = 0; !st && i < nparts; i++) {
        if (strcmp(parts[i].kind, "map") == 0) {
            /* a map reads its own data, from the definition src names */
            st = map_src_check(b, &parts[i]);
            if (!st && bk_flow_add_map(flow, parts[i].name, parts[i].src, !parts[i].full_page))
                st = oom(b);
        } else if (parts[i].lang || !b->par || strcmp(parts[i].kind, "timeline") != 0) {
            st = append_data_part(b, &parts[i], parts[i].lang ? parts[i].lang : flow->lang,
                                  flow);
        } else {
            /* a parallel edition's timeline without a lang: one in each of
             * the edition's languages, in the order of the columns (facing
             * pages put them side by side) */
            for (size_t c = 0; !st && c < b->ncolumns; c++)
                st = append_data_part(b, &parts[i], b->columns[c]->lang, flow);
        }
    }
    return st;
}

/* 1 unless the path names an XML file: a plain-text source. */
static int is_plain_text(const char *path)
{
    size_t n = strlen(path);
    return !(n > 4 && strcasecmp(path + n - 4, ".xml") == 0);
}

/* A TEI source is read and validated; a plain-text one is ingested on the
 * fly, as `booklet ingest` would, and its TEI checked against the same
 * schema before use; the blocks keep the lines of the .txt. */
/* The element limit of XML inputs (BK_MAX_XML_ELEMENTS), checked on the
 * tree ingest built from a .txt, so that the error points at the line of
 * the text where the limit is passed rather than into the generated TEI. */
static bk_status elements_check(build *b, const char *path, const bk_node *t)
{
    size_t n = 0;
    long line = 0;
    for (const bk_node *c = t; c;) {
        if (c->name && ++n > BK_MAX_XML_ELEMENTS)
            return bk_diag_error(b->ctx->diag, BK_EINPUT, path, line, 0,
                                 "more than %d elements in one document (the TEI "
                                 "this text becomes): split the text into several "
                                 "sources", BK_MAX_XML_ELEMENTS);
        if (c->line > 0)
            line = c->line;
        if (c->first) {
            c = c->first;
            continue;
        }
        while (c && c != t && !c->next)
            c = c->parent;
        c = c && c != t ? c->next : NULL;
    }
    return BK_OK;
}

static bk_status read_source(build *b, const char *path, bk_node **tei)
{
    if (!is_plain_text(path))
        return bk_xml_read_valid(b->ctx, b->val, path, tei);
    bk_ingest_options o = {.source = path, .lang = b->req->lang};
    bk_node *t = NULL;
    bk_buf xml = {0};
    bk_status st = bk_ingest(b->ctx, &o, &t, NULL);
    if (!st)
        st = elements_check(b, path, t);
    if (!st)
        st = bk_xml_write_buf(b->ctx, t, 1, &xml);
    if (!st)
        st = bk_xml_validate_memory_with(b->ctx, b->val, path, xml.data, xml.len);
    /* the tree as ingest built it: its blocks carry their .txt lines, so
     * that what the later stages report points into the text */
    if (!st)
        *tei = t, t = NULL;
    bk_node_free(t);
    bk_buf_release(&xml);
    return st;
}

/* Reads, validates and composes every source: one flow, or one column
 * each in a parallel edition. */
static bk_status compose_sources(build *b)
{
    bk_status st = BK_OK;
    const bk_build_request *r = b->req;
    for (size_t i = 0; !st && i < r->nsources; i++) {
        bk_node *tei = NULL;
        bk_flow *f = NULL;
        double tl = bk_clock_ms();
        st = read_source(b, r->sources[i], &tei);
        b->t[T_LOAD] += bk_clock_ms() - tl, tl = bk_clock_ms();
        if (!st)
            st = bk_compose(b->ctx, tei, r->sources[i], &f);
        if (!st && bk_flow_strings_fill(f, b->layout) != 0) {
            bk_flow_free(f);
            st = oom(b);
        }
        bk_node_free(tei);
        if (!st && b->par) {
            b->columns[b->ncolumns++] = f; /* each text its own column */
        } else if (!st && !b->flow) {
            b->flow = f;
        } else if (!st && bk_flow_append(b->flow, f) != 0) {
            bk_flow_free(f);
            st = oom(b);
        }
        b->t[T_COMPOSE] += bk_clock_ms() - tl;
    }
    return st;
}

/* The layout's parts follow the sources; a parallel edition's follow its
 * columns, in the first text's language unless a part names another. */
static bk_status add_parts(build *b)
{
    if (!b->par)
        return append_parts(b, b->flow);
    const char *lang = b->ncolumns ? b->columns[0]->lang : "en";
    b->after = bk_flow_new(b->req->sources[0], lang);
    return b->after ? append_parts(b, b->after) : oom(b);
}

static bk_status load_alignment(build *b)
{
    if (!b->par || !b->par->alignment)
        return BK_OK;
    bk_node *tei = NULL;
    bk_status st = bk_xml_read_valid(b->ctx, b->val, b->par->alignment, &tei);
    if (!st)
        st = bk_alignment_load(b->ctx, tei, b->par->alignment, b->par->select, &b->align);
    if (!st)
        st = bk_xref_alignment(b->ctx, b->align, b->columns, b->ncolumns);
    if (!st) /* weak and missing links: warnings (docs/ALIGN.md) */
        st = bk_align_check_edition(b->ctx, tei, b->par->alignment, b->align, b->columns,
                                    b->ncolumns);
    bk_node_free(tei);
    return st;
}

/* The layout asked for, or the neutral handout shipped with the program. */
static bk_status load_layout(build *b)
{
    if (b->req->layout)
        return bk_layout_load(b->ctx, b->req->layout, &b->layout);
    if (!b->ctx->datadir)
        return bk_diag_error(b->ctx->diag, BK_EUSAGE, NULL, 0, 0,
                             "no layout given and the program's own layouts were not "
                             "found: give --layout FILE or set BOOKLET_DATA");
    bk_buf path = {0};
    bk_status st = bk_buf_printf(&path, "%s/layouts/handout.xml", b->ctx->datadir)
                       ? oom(b)
                       : bk_layout_load(b->ctx, path.data, &b->layout);
    bk_buf_release(&path);
    return st;
}

/* Steps: layout, fonts, schema; sources; parts; alignment. */
static bk_status load(build *b)
{
    double t0 = bk_clock_ms();
    char why[256];
    if (b->req->lang && bk_lang_check(b->req->lang, why, sizeof why) != 0)
        return bk_diag_error(b->ctx->diag, BK_EUSAGE, NULL, 0, 0, "--lang %s: %s",
                             b->req->lang, why);
    bk_status st = load_layout(b);
    if (!st)
        st = bk_fontset_load(b->ctx, bk_layout_fonts_path(b->layout), &b->fonts);
    /* the schema, compiled once for every document this build reads
     * that ingest did not stamp */
    if (!st && !(b->val = bk_validator_new(b->ctx)))
        st = BK_EINTERNAL;
    bk_validator_trust_stamp(b->val);
    if (!st)
        b->par = bk_layout_parallel(b->layout);
    if (!st)
        st = compose_sources(b);
    if (!st)
        st = add_parts(b);
    if (!st)
        st = load_alignment(b);
    b->t[T_LOAD] += bk_clock_ms() - t0 - b->t[T_LOAD] - b->t[T_COMPOSE];
    return st;
}

static bk_status typeset(build *b)
{
    double t0 = bk_clock_ms();
    bk_status st = b->par ? bk_typeset_parallel(b->ctx, b->columns, b->ncolumns, b->align,
                                                b->after, b->layout, b->fonts, &b->frames,
                                                &b->stats, b->colstats,
                                                b->req->report ? &b->edition : NULL)
                          : bk_typeset(b->ctx, b->flow, b->layout, b->fonts, &b->frames,
                                       &b->stats);
    /* the frames hold copies of what they show: the text is done with
     * before the outputs are made (a parallel edition's report names its
     * columns' languages) */
    bk_flow_free(b->flow);
    b->flow = NULL;
    b->t[T_TYPESET] = bk_clock_ms() - t0;
    return st;
}

/* The program's own printing condition (color/README.md). */
#define DEFAULT_PROFILE "color/FOGRA39L-argyll.icc"
#define DEFAULT_CONDITION "FOGRA39"
#define DEFAULT_INFO "Coated FOGRA39 (ISO 12647-2:2004)"
#define DEFAULT_REGISTRY "http://www.color.org"

/* The output intent of PDF/A and PDF/X outputs, read once: the layout's
 * <output-intent>, else the program's own FOGRA39 profile. */
static bk_status load_intent(build *b)
{
    if (b->icc)
        return BK_OK;
    const bk_output_intent *oi = bk_layout_output_intent(b->layout);
    bk_buf path = {0};
    const char *why = NULL, *file = oi ? oi->file : NULL;
    long line = oi ? oi->line : 0;
    if (!oi && !b->ctx->datadir)
        return bk_diag_error(b->ctx->diag, BK_EUSAGE, NULL, 0, 0,
                             "PDF/A and PDF/X need an output intent: the program's own "
                             "profile was not found (set BOOKLET_DATA, give the layout "
                             "an <output-intent>, or --standard=none)");
    if (!oi && bk_buf_printf(&path, "%s/" DEFAULT_PROFILE, b->ctx->datadir))
        return oom(b);
    const char *p = oi ? oi->profile : path.data;
    bk_status st = bk_file_read(b->ctx, p, BK_MAX_SOURCE_BYTES, &b->icc, &b->icc_len);
    if (!st && bk_pdf_icc_check((const unsigned char *)b->icc, b->icc_len, &why))
        st = bk_diag_error(b->ctx->diag, BK_EINPUT, file ? file : p, line, 0,
                           "output intent profile %s: %s", p, why);
    b->intent = (bk_pdf_intent){
        .profile = (const unsigned char *)b->icc, .len = b->icc_len,
        .condition = oi ? oi->condition : DEFAULT_CONDITION,
        .info = oi ? oi->info : DEFAULT_INFO,
        .registry = oi ? oi->registry : DEFAULT_REGISTRY};
    bk_buf_release(&path);
    return st;
}

static bk_status write_pdf(build *b, const bk_build_pdf *out, bk_pdf_cache *cache)
{
    const bk_page_geom *pg = bk_layout_page(b->layout); /* print geometry */
    bk_pdf_options o = {.compress = !b->req->no_compress, .kind = out->kind,
                        .creep = b->req->creep, .bleed = pg->bleed,
                        .mark_offset = pg->crop_offset, .mark_length = pg->crop_length};
    /* the trace is formatted before the PDFs: the last PDF is the frames'
     * last output, which frees their glyphs as it draws them */
    if (out == &b->req->pdfs[b->req->npdfs - 1])
        o.release = b->frames;
    /* the layout's <output kind="..."/> unless the caller chose */
    const char *lk = bk_layout_output(b->layout);
    if (!out->kind_given && lk && bk_pdf_kind_parse(lk, &o.kind) != 0)
        return bk_diag_error(b->ctx->diag, BK_EINPUT, b->req->layout, 0, 0,
                             "<output kind=\"%s\">: use reading, print or imposed", lk);
    o.standards = b->req->standards_given ? b->req->standards : bk_pdf_standards_default(o.kind);
    o.intent = &b->intent;
    o.cache = cache;
    bk_status st = BK_OK;
    if (o.standards & (BK_PDF_STD_PDFA | BK_PDF_STD_PDFX_4))
        st = load_intent(b);
    return st ? st : bk_pdf_write(b->ctx, b->frames, b->fonts, &o, out->path);
}

/* The trace is formatted first (it may fail) but written last, after
 * every PDF, so that a failed build leaves none; the dependency file
 * (every file read) comes last of all. */
static bk_status write_outputs(build *b)
{
    double t0 = bk_clock_ms();
    bk_buf tr = {0};
    /* the PDFs share their fonts and profile, made once */
    bk_pdf_cache *cache = b->req->npdfs > 1 ? bk_pdf_cache_new() : NULL;
    bk_status st = b->req->trace ? bk_trace_write(b->ctx, b->frames, b->fonts, &tr) : BK_OK;
    for (size_t i = 0; !st && i < b->req->npdfs; i++)
        st = write_pdf(b, &b->req->pdfs[i], cache);
    bk_pdf_cache_free(cache);
    if (!st && b->req->trace)
        st = bk_file_write_atomic(b->ctx, b->req->trace, tr.data, tr.len);
    bk_buf_release(&tr);
    if (!st && b->req->deps) {
        const char *out[BK_BUILD_MAX_SOURCES + 8];
        size_t n = outputs(b->req, out);
        st = bk_files_deps_write(b->ctx, b->req->deps, out, n - 1);
    }
    b->t[T_PDF] = bk_clock_ms() - t0;
    return st;
}

/* The typesetting report; a parallel edition's also covers each column,
 * its lines indented under a "column N (lang):" heading. */
static int format_report(build *b, bk_buf *out)
{
    bk_typeset_stats_print(&b->stats, out);
    for (size_t c = 0; b->par && c < b->ncolumns; c++) {
        bk_buf col = {0};
        bk_typeset_stats_print(&b->colstats[c], &col);
        int bad = bk_buf_printf(out, "column %zu (%s):", c + 1, b->columns[c]->lang);
        for (const char *s = col.data; !bad && s && *s;) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            bad = bk_buf_puts(out, "\n  ") || bk_buf_append(out, s, n);
            s += n + (nl != NULL);
        }
        bad = bad || bk_buf_puts(out, "\n");
        bk_buf_release(&col);
        if (bad)
            return -1;
    }
    if (b->edition.len && bk_buf_append(out, b->edition.data, b->edition.len))
        return -1;
    return 0;
}

static int format_timings(build *b, bk_buf *out)
{
    const double *sm = b->ctx->stage_ms;
    double paginate = b->t[T_TYPESET] - sm[BK_STAGE_ITEMIZE] - sm[BK_STAGE_SHAPE] -
                      sm[BK_STAGE_BREAK] - sm[BK_STAGE_FIGURES];
    const bk_typeset_stats *s = &b->stats;
    return bk_buf_printf(out,
                         "timings: load %.1f ms, compose %.1f ms, typeset %.1f ms "
                         "(itemize %.1f ms, shape %.1f ms, break %.1f ms, figures %.1f ms, "
                         "paginate %.1f ms), pdf %.1f ms\n"
                         "stats: %zu pages, %zu lines, %zu glyphs, %zu missing "
                         "characters, %zu emergency breaks\n",
                         b->t[T_LOAD], b->t[T_COMPOSE], b->t[T_TYPESET],
                         sm[BK_STAGE_ITEMIZE], sm[BK_STAGE_SHAPE], sm[BK_STAGE_BREAK],
                         sm[BK_STAGE_FIGURES], paginate, b->t[T_PDF], s->pages, s->lines,
                         s->glyphs, s->missing_chars, s->emergency_breaks);
}

static void build_release(build *b)
{
    bk_frames_free(b->frames);
    for (size_t i = 0; i < b->ncolumns; i++)
        bk_flow_free(b->columns[i]);
    bk_alignment_free(b->align);
    bk_flow_free(b->after);
    bk_buf_release(&b->edition);
    bk_flow_free(b->flow);
    bk_validator_free(b->val);
    bk_fontset_free(b->fonts);
    bk_layout_free(b->layout);
    free(b->icc);
}

/* Steps: read and compose the source; load the layout and the schema; add
 * the parts. */
bk_status bk_build_flow(bk_ctx *ctx, const char *source, const char *layout,
                        bk_flow **out)
{
    build b = {.ctx = ctx};
    bk_node *tei = NULL;
    bk_flow *flow = NULL;
    /* the command line's files, as in bk_build_run (paths.h) */
    bk_status st = bk_files_name_arg(ctx, source) || bk_files_name_arg(ctx, layout)
                       ? oom(&b)
                       : bk_xml_read(ctx, source, &tei);
    if (!st)
        st = bk_compose(ctx, tei, source, &flow);
    if (!st && layout)
        st = bk_layout_load(ctx, layout, &b.layout);
    if (!st && bk_flow_strings_fill(flow, b.layout) != 0)
        st = oom(&b);
    if (!st && layout && !(b.val = bk_validator_new(ctx)))
        st = BK_EINTERNAL;
    if (!st && layout)
        st = append_parts(&b, flow);
    if (!st)
        *out = flow, flow = NULL;
    bk_flow_free(flow);
    bk_node_free(tei);
    build_release(&b);
    return st;
}

/* Steps: check the request; load (layout, fonts, sources, parts,
 * alignment); typeset once; stop if a fault was an error (--strict);
 * write the trace and every PDF; format the
 * report and timings the caller asked for. */
bk_status bk_build_run(bk_ctx *ctx, const bk_build_request *req)
{
    build b = {.ctx = ctx, .req = req};
    bk_status st = BK_OK;
    if (!req->nsources || req->nsources > BK_BUILD_MAX_SOURCES) {
        st = bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                           "1 to %d sources are required",
                           BK_BUILD_MAX_SOURCES);
        goto done;
    }
    if ((st = check_outputs(&b)) != BK_OK)
        goto done;
    if (!(st = load(&b)) && !(st = typeset(&b))) {
        /* a fault recorded under --strict (an error, the run went on to
         * list them all) fails the run here: nothing is written */
        st = bk_diag_error_status(ctx->diag);
        if (!st)
            st = write_outputs(&b);
    }
    if (ctx->timings && req->timings && format_timings(&b, req->timings) != 0 && !st)
        st = oom(&b);
    if (!st && req->report && format_report(&b, req->report) != 0)
        st = oom(&b);
done:
    build_release(&b);
    return st;
}
