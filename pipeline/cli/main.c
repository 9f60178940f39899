/* main.c — the command line. The only code that prints or exits: it runs
 * the library's stages, prints the diagnostics they recorded and turns the
 * status into the exit code (0 ok, 1 bad input, 2 usage, 3 internal). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bk.h"
#include "compose.h"
#include "font.h"
#include "frame.h"
#include "ingest.h"
#include "layout.h"
#include "node.h"
#include "pdf.h"
#include "trace.h"
#include "typeset.h"
#include "xml.h"

static const char usage_main[] =
    "usage: booklet COMMAND [OPTIONS] ...\n"
    "\n"
    "Turns plain-text sources in Vietnamese, Chinese and English into TEI XML\n"
    "and typesets them into print-ready PDF booklets.\n"
    "\n"
    "commands:\n"
    "  ingest    plain text -> TEI XML (booklet ingest --help)\n"
    "  validate  check TEI XML against the booklet schema\n"
    "  build     TEI XML + layout -> PDF (booklet build --help)\n"
    "  text      print the text of a TEI document as it will be typeset\n"
    "\n"
    "options:\n"
    "  -h, --help     this help\n"
    "  -V, --version  print the version\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage error, 3 internal error\n";

static const char usage_ingest[] =
    "usage: booklet ingest [--lang TAG] [--rules FILE] [--catalog FILE]\n"
    "                      [--report] [--strict] SOURCE.txt -o OUT.xml\n"
    "\n"
    "Reads a UTF-8 plain-text source and writes a TEI document that is valid\n"
    "against the booklet schema. Every change made to the text is listed in\n"
    "the TEI header.\n"
    "\n"
    "  --lang TAG      BCP 47 language tag (vi, en, zh-Hans, zh-Hant, ...);\n"
    "                  default: the catalog entry of the source\n"
    "  --rules FILE    clean-up rules (default: the catalog's, if any)\n"
    "  --catalog FILE  catalog (default: catalog.xml beside the source)\n"
    "  --report        print every change made (rule, line, before -> after)\n"
    "  --strict        lint findings are errors\n"
    "  -o OUT.xml      output file (written atomically)\n";

static const char usage_validate[] =
    "usage: booklet validate FILE.xml...\n"
    "\n"
    "Validates TEI documents against the booklet RELAX NG schema; prints\n"
    "every problem as file:line:col.\n";

static const char usage_build[] =
    "usage: booklet build [--strict] [--timings] [--report] [--trace FILE]\n"
    "                     LAYOUT.xml SOURCE.xml [SOURCE.xml...] -o OUT.pdf\n"
    "\n"
    "Typesets TEI documents with a layout into one PDF (several sources\n"
    "follow each other in one booklet; the first gives its title).\n"
    "\n"
    "  --strict       a character no font covers is an error\n"
    "  --timings      print the time spent in each stage\n"
    "  --report       print the typesetting report (spacing, hyphenation,\n"
    "                 clreq, widows, orphans, missing glyphs)\n"
    "  --trace FILE   also write a text trace of the page frames\n"
    "  --no-compress  leave PDF streams uncompressed (for debugging)\n"
    "  --output KIND  reading (default: trim-size pages), print (bleed and\n"
    "                 crop marks) or imposed (2-up saddle-stitch sheets)\n"
    "  --creep MM     imposed: move the innermost sheet's pages MM towards\n"
    "                 the fold, outer sheets in proportion (default 0)\n"
    "  -o OUT.pdf     output file (written atomically)\n";

static int report(bk_ctx *ctx, bk_status st)
{
    for (size_t i = 0; i < bk_diag_warning_count(ctx->diag); i++)
        fprintf(stderr, "%s\n", bk_diag_warning(ctx->diag, i));
    if (st != BK_OK) {
        const char *msg = bk_diag_error_message(ctx->diag);
        fprintf(stderr, "%s\n", msg ? msg : "booklet: error: failed");
    }
    return (int)st;
}

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "booklet: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return BK_EUSAGE;
}

static int is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmd_ingest(bk_ctx *ctx, int argc, char **argv)
{
    bk_ingest_options o = {0};
    const char *out = NULL;
    int want_report = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_ingest, stdout);
            return 0;
        } else if (strcmp(a, "--lang") == 0 || strcmp(a, "--rules") == 0 ||
                   strcmp(a, "--catalog") == 0 || strcmp(a, "-o") == 0) {
            if (i + 1 >= argc)
                return usage_error(usage_ingest, "%s needs a value", a);
            const char *v = argv[++i];
            if (a[1] == 'o')
                out = v;
            else if (a[2] == 'l')
                o.lang = v;
            else if (a[2] == 'r')
                o.rules = v;
            else
                o.catalog = v;
        } else if (strcmp(a, "--report") == 0) {
            want_report = 1;
        } else if (strcmp(a, "--strict") == 0) {
            ctx->strict = 1;
        } else if (a[0] == '-' && a[1]) {
            return usage_error(usage_ingest, "unknown option %s", a);
        } else if (!o.source) {
            o.source = a;
        } else {
            return usage_error(usage_ingest, "unexpected argument %s", a);
        }
    }
    if (!o.source || !out)
        return usage_error(usage_ingest, "%s", "a SOURCE and -o OUT are required");
    if (bk_same_file(o.source, out)) {
        fprintf(stderr, "%s: error: -o names this source: the output would overwrite it\n",
                o.source);
        return BK_EUSAGE;
    }
    bk_node *tei = NULL;
    bk_buf xml = {0}, rep = {0};
    bk_status st = bk_ingest(ctx, &o, &tei, want_report ? &rep : NULL);
    if (!st)
        st = bk_xml_write_buf(ctx, tei, 1, &xml);
    /* Never write a document the later stages would reject. */
    if (!st)
        st = bk_xml_validate_memory(ctx, out, xml.data, xml.len);
    if (!st)
        st = bk_file_write_atomic(ctx, out, xml.data, xml.len);
    if (!st && want_report && rep.data)
        fputs(rep.data, stdout);
    bk_node_free(tei);
    bk_buf_release(&xml);
    bk_buf_release(&rep);
    return report(ctx, st);
}

static int cmd_validate(bk_ctx *ctx, int argc, char **argv)
{
    int n = 0, worst = 0;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_validate, stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error(usage_validate, "unknown option %s", argv[i]);
    }
    /* the schema, compiled once for all the files */
    bk_validator *val = argc > 0 ? bk_validator_new(ctx) : NULL;
    if (argc > 0 && !val)
        return report(ctx, BK_EINTERNAL);
    for (int i = 0; i < argc; i++) {
        bk_diag_clear(ctx->diag);
        bk_status st = bk_xml_validate_file_with(ctx, val, argv[i]);
        int rc = report(ctx, st);
        if (!st)
            printf("%s: valid\n", argv[i]);
        if (rc > worst)
            worst = rc;
        n++;
    }
    bk_validator_free(val);
    if (!n)
        return usage_error(usage_validate, "%s", "no file given");
    return worst;
}

/* Appends the layout's parts (tables and figures from curated data files)
 * to the flow, in the flow's language. */
static bk_status append_parts(bk_ctx *ctx, bk_validator *val, const bk_layout *layout,
                              bk_flow *flow)
{
    bk_status st = BK_OK;
    const bk_part *parts = NULL;
    size_t nparts = bk_layout_parts(layout, &parts);
    for (size_t i = 0; !st && i < nparts; i++) {
        if (strcmp(parts[i].kind, "map") == 0) {
            /* a map reads its own data, from the folder src names */
            if (bk_flow_add_map(flow, parts[i].name, parts[i].src, !parts[i].full_page))
                st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
            continue;
        }
        bk_node *tei = NULL;
        bk_flow *f = NULL;
        st = bk_xml_read_valid(ctx, val, parts[i].src, &tei);
        const char *lang = parts[i].lang ? parts[i].lang : flow->lang;
        if (!st && strcmp(parts[i].kind, "timeline") == 0)
            st = bk_compose_events(ctx, tei, parts[i].src, parts[i].select, lang,
                                   parts[i].from, parts[i].to, &f);
        else if (!st)
            st = bk_compose_part(ctx, tei, parts[i].src, parts[i].select, lang,
                                 parts[i].columns, &f);
        if (!st && f->n && strcmp(parts[i].kind, "timeline") == 0) {
            /* the figure's settings travel with its block */
            bk_block *tb = &f->blocks[0];
            tb->half_page = !parts[i].full_page;
            tb->detail_from = bk_strdup(parts[i].detail_from);
            tb->detail_to = bk_strdup(parts[i].detail_to);
        }
        bk_node_free(tei);
        if (!st && bk_flow_append(flow, f) != 0) {
            bk_flow_free(f);
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        }
    }
    return st;
}

static const char usage_text[] =
    "usage: booklet text [--ids] [--layout LAYOUT.xml] FILE.xml\n"
    "\n"
    "Prints the blocks of a TEI document in reading order, one per line\n"
    "(list items with their label): the text a PDF built from it contains.\n"
    "  --ids  print each block's xml:id and its first words instead, to\n"
    "         write alignment links for a parallel edition\n"
    "  --layout  add the parts the layout appends (tables from data files)\n";

static int cmd_text(bk_ctx *ctx, int argc, char **argv)
{
    int ids = 0;
    const char *file = NULL, *layout_path = NULL;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_text, stdout);
            return 0;
        } else if (strcmp(argv[i], "--ids") == 0) {
            ids = 1;
        } else if (strcmp(argv[i], "--layout") == 0) {
            if (i + 1 >= argc)
                return usage_error(usage_text, "%s needs a value", argv[i]);
            layout_path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error(usage_text, "unknown option %s", argv[i]);
        } else if (!file) {
            file = argv[i];
        } else {
            return usage_error(usage_text, "unexpected argument %s", argv[i]);
        }
    }
    if (!file)
        return usage_error(usage_text, "%s", "one FILE is required");
    bk_node *tei = NULL;
    bk_flow *flow = NULL;
    bk_layout *layout = NULL;
    bk_validator *val = NULL;
    bk_status st = bk_xml_read(ctx, file, &tei);
    if (!st)
        st = bk_compose(ctx, tei, file, &flow);
    if (!st && layout_path)
        st = bk_layout_load(ctx, layout_path, &layout);
    if (!st && layout) {
        val = bk_validator_new(ctx);
        st = val ? append_parts(ctx, val, layout, flow) : BK_EINTERNAL;
    }
    for (size_t i = 0; !st && i < flow->n; i++) {
        const bk_block *b = &flow->blocks[i];
        if (b->map)
            continue; /* a map's names are not text of the document */
        if (b->nevents && !ids) {
            /* a timeline: its event labels */
            for (size_t k = 0; k < b->nevents; k++)
                printf("%s\n", b->events[k].label);
            continue;
        }
        if (b->table && !ids) {
            /* a table: its caption, then its cells row by row */
            if (b->len)
                printf("%s\n", b->text);
            for (size_t k = 0; k < b->table->nrows * b->table->ncols; k++)
                if (b->table->cells[k].len)
                    printf("%s\n", b->table->cells[k].text);
            continue;
        }
        if (ids) {
            /* the id to use in an alignment link, and how the passage
             * starts (60 bytes, cut at a character boundary) */
            size_t n = b->len < 60 ? b->len : 60;
            while (n < b->len && ((unsigned char)b->text[n] & 0xc0) == 0x80)
                n--;
            printf("%s\t%.*s%s\n", b->id ? b->id : "-", (int)n, b->text,
                   n < b->len ? "…" : "");
            continue;
        }
        if (b->label)
            printf("%s ", b->label);
        printf("%s\n", b->text);
    }
    bk_validator_free(val);
    bk_layout_free(layout);
    bk_flow_free(flow);
    bk_node_free(tei);
    return report(ctx, st);
}

enum { T_LOAD, T_COMPOSE, T_TYPESET, T_PDF, T_COUNT };

static int cmd_build(bk_ctx *ctx, int argc, char **argv)
{
    const char *layout_path = NULL, *out = NULL, *trace = NULL;
    const char *srcs[64];
    int nsrc = 0;
    bk_pdf_options popt = {.compress = 1};
    int kind_given = 0;
    int want_report = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_build, stdout);
            return 0;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--trace") == 0) {
            if (i + 1 >= argc)
                return usage_error(usage_build, "%s needs a value", a);
            if (a[1] == 'o')
                out = argv[++i];
            else
                trace = argv[++i];
        } else if (strcmp(a, "--strict") == 0) {
            ctx->strict = 1;
        } else if (strcmp(a, "--timings") == 0) {
            ctx->timings = 1;
        } else if (strcmp(a, "--report") == 0) {
            want_report = 1;
        } else if (strcmp(a, "--no-compress") == 0) {
            popt.compress = 0;
        } else if (strcmp(a, "--output") == 0 || strcmp(a, "--creep") == 0) {
            if (i + 1 >= argc)
                return usage_error(usage_build, "%s needs a value", a);
            const char *v = argv[++i];
            char *end = NULL;
            double mm = a[2] == 'c' ? strtod(v, &end) : 0;
            if (a[2] == 'o' && bk_pdf_kind_parse(v, &popt.kind) != 0)
                return usage_error(usage_build,
                                   "--output %s: use reading, print or imposed", v);
            if (a[2] == 'o')
                kind_given = 1;
            if (a[2] == 'c' && (end == v || *end || !(mm >= 0 && mm <= 25)))
                return usage_error(usage_build, "--creep %s: give 0 to 25 (mm)", v);
            if (a[2] == 'c')
                popt.creep = mm * 72.0 / 25.4;
        } else if (a[0] == '-' && a[1]) {
            return usage_error(usage_build, "unknown option %s", a);
        } else if (!layout_path) {
            layout_path = a;
        } else if (nsrc < 64) {
            srcs[nsrc++] = a;
        } else {
            return usage_error(usage_build, "too many sources at %s (64 at most)", a);
        }
    }
    if (!layout_path || !nsrc || (!out && !trace))
        return usage_error(usage_build, "%s",
                           "LAYOUT, SOURCE and -o OUT (or --trace) are required");
    /* an output must not replace one of the inputs */
    for (int i = 0; i <= nsrc; i++) {
        const char *in = i < nsrc ? srcs[i] : layout_path;
        if ((out && bk_same_file(in, out)) || (trace && bk_same_file(in, trace))) {
            fprintf(stderr, "%s: error: an output names this input: it would be "
                            "overwritten\n", in);
            return BK_EUSAGE;
        }
    }
    bk_layout *layout = NULL;
    bk_fontset *fonts = NULL;
    bk_node *tei = NULL;
    bk_flow *flow = NULL;
    bk_frames *frames = NULL;
    bk_buf tr = {0};
    bk_typeset_stats stats = {0};
    double t[T_COUNT] = {0}, t0 = now_ms();
    bk_status st = bk_layout_load(ctx, layout_path, &layout);
    if (!st)
        st = bk_fontset_load(ctx, bk_layout_fonts_path(layout), &fonts);
    /* the schema, compiled once for every document this build reads */
    bk_validator *val = !st ? bk_validator_new(ctx) : NULL;
    if (!st && !val)
        st = BK_EINTERNAL;
    const bk_parallel *par = !st ? bk_layout_parallel(layout) : NULL;
    bk_flow *columns[64];
    bk_typeset_stats colstats[64];
    size_t ncolumns = 0;
    bk_alignment *align = NULL;
    for (int i = 0; !st && i < nsrc; i++) {
        bk_flow *f = NULL;
        double tl = now_ms();
        st = bk_xml_read_valid(ctx, val, srcs[i], &tei);
        t[T_LOAD] += now_ms() - tl, tl = now_ms();
        if (!st)
            st = bk_compose(ctx, tei, srcs[i], &f);
        bk_node_free(tei);
        tei = NULL;
        if (!st && par) {
            columns[ncolumns++] = f; /* each text its own column */
            if (!flow)
                flow = f;
        } else if (!st && !flow) {
            flow = f;
        } else if (!st && bk_flow_append(flow, f) != 0) {
            bk_flow_free(f);
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        }
        t[T_COMPOSE] += now_ms() - tl;
    }
    /* The layout's parts follow the sources: tables and figures from the
     * curated data files, in the booklet's language. */
    bk_flow *after = NULL;
    if (!st && !par) {
        st = append_parts(ctx, val, layout, flow);
    } else if (!st && par) {
        /* a parallel edition's parts follow its columns, in the first
         * text's language unless a part names another */
        after = bk_flow_new(srcs[0], flow ? flow->lang : "en");
        st = after ? append_parts(ctx, val, layout, after)
                   : bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    if (!st && par && par->alignment) {
        st = bk_xml_read_valid(ctx, val, par->alignment, &tei);
        if (!st)
            st = bk_alignment_load(ctx, tei, par->alignment, par->select, &align);
        bk_node_free(tei);
        tei = NULL;
    }
    t[T_LOAD] += now_ms() - t0 - t[T_LOAD] - t[T_COMPOSE];
    t0 = now_ms();
    if (!st)
        st = par ? bk_typeset_parallel(ctx, columns, ncolumns, align, after, layout,
                                       fonts, &frames, &stats, colstats)
                 : bk_typeset(ctx, flow, layout, fonts, &frames, &stats);
    t[T_TYPESET] = now_ms() - t0, t0 = now_ms();
    if (!st && trace) {
        st = bk_trace_write(ctx, frames, fonts, &tr);
        if (!st)
            st = bk_file_write_atomic(ctx, trace, tr.data, tr.len);
    }
    if (!st && out) {
        const bk_page_geom *pg = bk_layout_page(layout); /* print geometry */
        /* the layout's <output kind="..."/> unless the command line chose */
        const char *lk = bk_layout_output(layout);
        if (!kind_given && lk && bk_pdf_kind_parse(lk, &popt.kind) != 0)
            st = bk_diag_error(ctx->diag, BK_EINPUT, layout_path, 0, 0,
                               "<output kind=\"%s\">: use reading, print or imposed", lk);
        popt.bleed = pg->bleed;
        popt.mark_offset = pg->crop_offset;
        popt.mark_length = pg->crop_length;
        if (!st)
            st = bk_pdf_write(ctx, frames, fonts, &popt, out);
    }
    t[T_PDF] = now_ms() - t0;
    if (ctx->timings) {
        double *sm = ctx->stage_ms;
        double paginate = t[T_TYPESET] - sm[BK_STAGE_ITEMIZE] - sm[BK_STAGE_SHAPE] -
                          sm[BK_STAGE_BREAK] - sm[BK_STAGE_FIGURES];
        fprintf(stderr,
                "timings: load %.1f ms, compose %.1f ms, typeset %.1f ms "
                "(itemize %.1f ms, shape %.1f ms, break %.1f ms, figures %.1f ms, "
                "paginate %.1f ms), pdf %.1f ms\n",
                t[T_LOAD], t[T_COMPOSE], t[T_TYPESET], sm[BK_STAGE_ITEMIZE],
                sm[BK_STAGE_SHAPE], sm[BK_STAGE_BREAK], sm[BK_STAGE_FIGURES], paginate,
                t[T_PDF]);
        fprintf(stderr,
                "stats: %zu pages, %zu lines, %zu glyphs, %zu missing "
                "characters, %zu emergency breaks\n",
                stats.pages, stats.lines, stats.glyphs, stats.missing_chars,
                stats.emergency_breaks);
    }
    if (!st && want_report) {
        bk_buf rep = {0};
        bk_typeset_stats_print(&stats, &rep);
        /* a parallel edition's report also covers each column */
        for (size_t c = 0; par && c < ncolumns; c++) {
            bk_buf_printf(&rep, "column %zu (%s):\x1f", c + 1, columns[c]->lang);
            size_t from = rep.len;
            bk_typeset_stats_print(&colstats[c], &rep);
            for (size_t k = from; k < rep.len; k++)
                if (rep.data[k] == '\n' && k + 1 < rep.len)
                    rep.data[k] = '\x1f'; /* marks lines to indent below */
        }
        for (size_t k = 0; rep.data && k < rep.len; k++)
            if (rep.data[k] == '\x1f')
                fputs("\n  ", stdout);
            else
                fputc(rep.data[k], stdout);
        bk_buf_release(&rep);
    }
    bk_buf_release(&tr);
    bk_frames_free(frames);
    if (par) {
        for (size_t i = 0; i < ncolumns; i++)
            bk_flow_free(columns[i]);
        flow = NULL;
    }
    bk_alignment_free(align);
    bk_flow_free(after);
    bk_flow_free(flow);
    bk_node_free(tei);
    bk_validator_free(val);
    bk_fontset_free(fonts);
    bk_layout_free(layout);
    return report(ctx, st);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return BK_EUSAGE;
    }
    const char *cmd = argv[1];
    if (is_help(cmd)) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("booklet %s\n", BK_VERSION);
        return 0;
    }
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx) {
        fputs("booklet: error: out of memory\n", stderr);
        return BK_EINTERNAL;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        char *end = NULL;
        long long v = strtoll(epoch, &end, 10);
        if (*end == '\0' && v >= 0)
            ctx->epoch = v;
    }
    int rc;
    if (strcmp(cmd, "ingest") == 0)
        rc = cmd_ingest(ctx, argc - 2, argv + 2);
    else if (strcmp(cmd, "validate") == 0)
        rc = cmd_validate(ctx, argc - 2, argv + 2);
    else if (strcmp(cmd, "build") == 0)
        rc = cmd_build(ctx, argc - 2, argv + 2);
    else if (strcmp(cmd, "text") == 0)
        rc = cmd_text(ctx, argc - 2, argv + 2);
    else
        rc = usage_error(usage_main, "unknown command '%s'", cmd);
    bk_ctx_free(ctx);
    return rc;
}
