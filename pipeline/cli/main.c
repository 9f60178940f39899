/* main.c — the command line. The only code that prints or exits: it runs
 * the library's stages, prints the diagnostics they recorded and turns the
 * status into the exit code (0 ok, 1 bad input, 2 usage, 3 internal). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bk.h"
#include "build.h"
#include "compose.h"
#include "ingest.h"
#include "new.h"
#include "node.h"
#include "xml.h"
#include "xref.h"

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
    "  new       make a starter project in a folder (booklet new DIR)\n"
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
    "every problem as file:line:col.\n"
    "An alignment file (linkGrp type=\"alignment\") is also checked alone:\n"
    "each target is \"#ID\" or \"FILE.xml#ID\" (no URI scheme), named once\n"
    "per link, and \"@N\" counts sentences from 1. Given with the texts it\n"
    "links (booklet validate alignment.xml vi.xml zh.xml en.xml: the\n"
    "documents holding passages it names), every target must also name a\n"
    "passage of one of those texts (sentence N within it, at most one per\n"
    "text and link, links in the order of every text). Every problem is an\n"
    "error here.\n";

static const char usage_build[] =
    "usage: booklet build [OPTIONS] SOURCE... [-o OUT.pdf]\n"
    "       booklet build [OPTIONS] LAYOUT.xml SOURCE.xml... -o OUT.pdf\n"
    "\n"
    "Typesets sources with a layout into one PDF (several sources follow\n"
    "each other in one booklet; the first gives its title). A SOURCE is a\n"
    "TEI document (.xml) or a plain-text file, ingested on the fly. Without\n"
    "--layout (or a LAYOUT.xml first), the neutral handout shipped with\n"
    "booklet is used; without -o, the PDF goes beside the first source\n"
    "(lesson.txt -> lesson.pdf).\n"
    "\n"
    "  --layout FILE  the layout (a layout file, see layouts/)\n"
    "  --lang TAG     language of plain-text sources (BCP 47: vi, en,\n"
    "                 zh-Hans, zh-Hant, ...); default: their catalog's\n"
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

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcasecmp(s + n - t, tail) == 0; /* as the build library tells TEI from text */
}

static int is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
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

/* The alignment files among the arguments, checked after every file
 * passed the schema, against the texts among them (TEI documents that are
 * not alignments). */
static int validate_alignments(bk_ctx *ctx, int argc, char **argv, bk_node **trees)
{
    bk_flow *flows[64];
    size_t nf = 0;
    int worst = 0;
    for (int i = 0; i < argc; i++) {
        bk_diag_clear(ctx->diag);
        if (trees[i] && !bk_xref_has_alignment(trees[i]) && nf < 64 &&
            bk_compose(ctx, trees[i], argv[i], &flows[nf]) == BK_OK)
            nf++;
    }
    int strict = ctx->strict;
    ctx->strict = 1; /* here every fault is an error */
    for (int i = 0; i < argc; i++) {
        if (!trees[i] || !bk_xref_has_alignment(trees[i]))
            continue;
        bk_diag_clear(ctx->diag);
        bk_status st = bk_xref_alignment_file(ctx, trees[i], argv[i], flows, nf);
        if (!st)
            st = bk_diag_error_status(ctx->diag);
        int rc = report(ctx, st);
        if (!st)
            printf("%s: valid\n", argv[i]);
        if (rc > worst)
            worst = rc;
    }
    ctx->strict = strict;
    for (size_t k = 0; k < nf; k++)
        bk_flow_free(flows[k]);
    return worst;
}

static int cmd_validate(bk_ctx *ctx, int argc, char **argv)
{
    int worst = 0;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_validate, stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error(usage_validate, "unknown option %s", argv[i]);
    }
    if (!argc)
        return usage_error(usage_validate, "%s", "no file given");
    /* the schema, compiled once for all the files */
    bk_validator *val = bk_validator_new(ctx);
    bk_node **trees = calloc((size_t)argc, sizeof(*trees));
    if (!val || !trees) {
        bk_validator_free(val);
        free(trees);
        return report(ctx, BK_EINTERNAL);
    }
    for (int i = 0; i < argc; i++) {
        bk_diag_clear(ctx->diag);
        bk_status st = bk_xml_read_valid(ctx, val, argv[i], &trees[i]);
        int rc = report(ctx, st);
        if (!st && !bk_xref_has_alignment(trees[i]))
            printf("%s: valid\n", argv[i]);
        if (rc > worst)
            worst = rc;
    }
    int rc = validate_alignments(ctx, argc, argv, trees);
    for (int i = 0; i < argc; i++)
        bk_node_free(trees[i]);
    free(trees);
    bk_validator_free(val);
    return rc > worst ? rc : worst;
}

static const char usage_new[] =
    "usage: booklet new DIR\n"
    "\n"
    "Makes DIR (if needed) with a starter project: lesson.txt, layout.xml\n"
    "(extending the neutral handout), a Makefile that rebuilds the PDFs and a\n"
    "README. Nothing is written if one of these files exists there.\n";

static int cmd_new(bk_ctx *ctx, int argc, char **argv)
{
    if (argc == 1 && is_help(argv[0])) {
        fputs(usage_new, stdout);
        return 0;
    }
    if (argc != 1 || (argv[0][0] == '-' && argv[0][1]))
        return usage_error(usage_new, "%s", "one DIR is required");
    size_t n = 0;
    bk_status st = bk_project_new(ctx, argv[0], &n);
    if (!st)
        printf("%s: %zu files; `make -C %s` (or booklet build %s/lesson.txt) builds it\n",
               argv[0], n, argv[0], argv[0]);
    return report(ctx, st);
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
    bk_flow *flow = NULL;
    bk_status st = bk_build_flow(ctx, file, layout_path, &flow);
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
    bk_flow_free(flow);
    return report(ctx, st);
}

/* Parses the build options into a request; the build library does the
 * rest. */
static int cmd_build(bk_ctx *ctx, int argc, char **argv)
{
    const char *srcs[BK_BUILD_MAX_SOURCES];
    const char *pos[BK_BUILD_MAX_SOURCES + 1];
    const char *layout = NULL;
    size_t npos = 0;
    bk_build_pdf pdf = {0};
    bk_build_request req = {.sources = srcs};
    bk_buf rep = {0}, tim = {0}, outname = {0};
    int want_report = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_build, stdout);
            return 0;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--trace") == 0 ||
                   strcmp(a, "--layout") == 0 || strcmp(a, "--lang") == 0) {
            if (i + 1 >= argc)
                return usage_error(usage_build, "%s needs a value", a);
            if (a[1] == 'o')
                pdf.path = argv[++i];
            else if (a[2] == 't')
                req.trace = argv[++i];
            else if (a[4] == 'y')
                layout = argv[++i];
            else
                req.lang = argv[++i];
        } else if (strcmp(a, "--strict") == 0) {
            ctx->strict = 1;
        } else if (strcmp(a, "--timings") == 0) {
            ctx->timings = 1;
        } else if (strcmp(a, "--report") == 0) {
            want_report = 1;
        } else if (strcmp(a, "--no-compress") == 0) {
            req.no_compress = 1;
        } else if (strcmp(a, "--output") == 0 || strcmp(a, "--creep") == 0) {
            if (i + 1 >= argc)
                return usage_error(usage_build, "%s needs a value", a);
            const char *v = argv[++i];
            char *end = NULL;
            double mm = a[2] == 'c' ? strtod(v, &end) : 0;
            if (a[2] == 'o' && bk_pdf_kind_parse(v, &pdf.kind) != 0)
                return usage_error(usage_build,
                                   "--output %s: use reading, print or imposed", v);
            if (a[2] == 'o')
                pdf.kind_given = 1;
            if (a[2] == 'c' && (end == v || *end || !(mm >= 0 && mm <= 25)))
                return usage_error(usage_build, "--creep %s: give 0 to 25 (mm)", v);
            if (a[2] == 'c')
                req.creep = mm * 72.0 / 25.4;
        } else if (a[0] == '-' && a[1]) {
            return usage_error(usage_build, "unknown option %s", a);
        } else if (npos < BK_BUILD_MAX_SOURCES + 1) {
            pos[npos++] = a;
        } else {
            return usage_error(usage_build, "too many sources at %s (64 at most)", a);
        }
    }
    /* the explicit form: a layout first, then TEI sources */
    size_t first = 0;
    if (!layout && npos >= 2 && ends_with(pos[0], ".xml"))
        layout = pos[first++];
    req.layout = layout;
    for (size_t k = first; k < npos; k++)
        srcs[req.nsources++] = pos[k];
    if (!req.nsources)
        return usage_error(usage_build, "%s", "a SOURCE is required");
    if (req.nsources > BK_BUILD_MAX_SOURCES)
        return usage_error(usage_build, "too many sources at %s (64 at most)",
                           pos[npos - 1]);
    if (!pdf.path && !req.trace) {
        /* lesson.txt -> lesson.pdf, beside it */
        const char *src = srcs[0], *slash = strrchr(src, '/');
        const char *dot = strrchr(slash ? slash : src, '.');
        size_t stem = dot && dot != (slash ? slash + 1 : src) ? (size_t)(dot - src)
                                                              : strlen(src);
        if (bk_buf_append(&outname, src, stem) || bk_buf_puts(&outname, ".pdf"))
            return report(ctx, BK_EINTERNAL);
        pdf.path = outname.data;
    }
    req.pdfs = &pdf;
    req.npdfs = pdf.path != NULL;
    req.report = want_report ? &rep : NULL;
    req.timings = &tim;
    bk_status st = bk_build_run(ctx, &req);
    if (tim.data)
        fputs(tim.data, stderr);
    if (!st && rep.data)
        fputs(rep.data, stdout);
    bk_buf_release(&rep);
    bk_buf_release(&tim);
    bk_buf_release(&outname);
    return report(ctx, st);
}

/* The program's own data (layouts/, fonts/, messages/): $BOOKLET_DATADIR,
 * else beside the program in a source tree (build/booklet -> ./), else the
 * installed share/booklet next to bin/. NULL when none is found. */
static const char *find_datadir(char *buf, size_t n)
{
    const char *env = getenv("BOOKLET_DATADIR");
    if (env && *env)
        return env;
    ssize_t len = readlink("/proc/self/exe", buf, n - 1);
    if (len <= 0)
        return NULL;
    buf[len] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0'; /* the program's folder */
    static const char *const rel[] = {"/..", "/../share/booklet"};
    size_t base = strlen(buf);
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        buf[base] = '\0';
        if (base + strlen(rel[i]) + 32 >= n)
            return NULL;
        strcat(buf, rel[i]);
        size_t k = strlen(buf);
        strcat(buf, "/layouts/handout.xml");
        int ok = access(buf, R_OK) == 0;
        buf[k] = '\0';
        if (ok)
            return buf;
    }
    return NULL;
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
    char datadir[4096];
    ctx->datadir = find_datadir(datadir, sizeof datadir);
    int rc;
    if (strcmp(cmd, "ingest") == 0)
        rc = cmd_ingest(ctx, argc - 2, argv + 2);
    else if (strcmp(cmd, "validate") == 0)
        rc = cmd_validate(ctx, argc - 2, argv + 2);
    else if (strcmp(cmd, "build") == 0)
        rc = cmd_build(ctx, argc - 2, argv + 2);
    else if (strcmp(cmd, "new") == 0)
        rc = cmd_new(ctx, argc - 2, argv + 2);
    else if (strcmp(cmd, "text") == 0)
        rc = cmd_text(ctx, argc - 2, argv + 2);
    else
        rc = usage_error(usage_main, "unknown command '%s'", cmd);
    bk_ctx_free(ctx);
    return rc;
}
