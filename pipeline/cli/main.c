/* main.c — the command line. The only code that prints or exits: it parses
 * GNU-style options (getopt_long: --opt=value and --opt value), runs the
 * library's stages, prints the diagnostics they recorded and turns the
 * status into the exit code (0 ok, 1 bad input, 2 usage, 3 internal). */
#define _DEFAULT_SOURCE /* madvise */
#include <signal.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "align_run.h"
#include "bk.h"
#include "build.h"
#include "compose.h"
#include "fontfind.h"
#include "ingest.h"
#include "new.h"
#include "node.h"
#include "schemas.h"
#include "stamp.h"
#include "suggest.h"
#include "watch.h"
#include "xml.h"
#include "xref.h"

#define COMMON_HELP                                                          \
    "  -q, --quiet          errors only (no warnings)\n"                    \
    "  --color=WHEN         colour diagnostics: auto (on a terminal, unless\n" \
    "                       NO_COLOR is set), always or never\n"             \
    "  --diagnostics=FORM   text (default) or json (one JSON object a line\n" \
    "                       on standard error: severity, file, line, col,\n" \
    "                       message, hint)\n"                                 \
    "  -h, --help           this help\n"

static const char usage_main[] =
    "usage: booklet COMMAND [OPTIONS] ...\n"
    "\n"
    "Turns plain-text sources in Vietnamese, Chinese and English into TEI XML\n"
    "and typesets them into print-ready PDF booklets.\n"
    "\n"
    "commands:\n"
    "  ingest    plain text -> TEI XML (booklet ingest --help)\n"
    "  validate  check TEI XML against the booklet schema\n"
    "  build     sources + layout -> PDF (booklet build --help)\n"
    "  text      print the text of a TEI document as it will be typeset\n"
    "  new       make a starter project in a folder (booklet new DIR)\n"
    "  watch     build, then rebuild on every change (booklet watch --help)\n"
    "  schema    print the RELAX NG schema of an input format (booklet schema)\n"
    "  align     propose or check the alignment of a parallel edition\n"
    "\n"
    "options:\n"
    "  -h, --help     this help\n"
    "  -V, --version  print the version\n"
    "\n"
    "Every command takes -q/--quiet, --color=WHEN and --diagnostics=FORM,\n"
    "before or after its name;\n"
    "long options take their value as --opt=VALUE or --opt VALUE.\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage error, 3 internal error\n";

static const char usage_ingest[] =
    "usage: booklet ingest [OPTIONS] SOURCE.txt -o OUT.xml\n"
    "\n"
    "Reads a UTF-8 plain-text source and writes a TEI document that is valid\n"
    "against the booklet schema. Every change made to the text is listed in\n"
    "the TEI header.\n"
    "\n"
    "  --lang=TAG           BCP 47 language tag (vi, en, zh-Hans, zh-Hant, ...);\n"
    "                       default: the catalog entry of the source\n"
    "  --rules=FILE         clean-up rules (default: the catalog's, if any)\n"
    "  --catalog=FILE       catalog (default: catalog.xml beside the source)\n"
    "  --report             print every change made (rule, line, before -> after)\n"
    "  --strict             lint findings are errors\n"
    "  --deps=FILE          the files ingest read, as a Make rule\n"
    "  --root=DIR           the folder paths named in data files must stay in\n"
    "  -o, --output=OUT.xml output file (written atomically; - = standard\n"
    "                       output)\n" COMMON_HELP;

static const char usage_validate[] =
    "usage: booklet validate [OPTIONS] FILE.xml...\n"
    "\n"
    "Validates TEI documents against the booklet RELAX NG schema; prints\n"
    "every problem as file:line:col.\n"
    "\n"
    "An alignment file (linkGrp type=\"alignment\") is also checked alone:\n"
    "each target is \"#ID\" or \"FILE.xml#ID\" (no URI scheme), named once\n"
    "per link, and \"@N\" counts sentences from 1. Given with the texts it\n"
    "links (booklet validate alignment.xml vi.xml zh.xml en.xml: the\n"
    "documents holding passages it names), every target must also name a\n"
    "passage of one of those texts (sentence N within it, at most one per\n"
    "text and link, links in the order of every text). Every problem is an\n"
    "error here.\n"
    "\n" COMMON_HELP;

static const char usage_build[] =
    "usage: booklet build [OPTIONS] [LAYOUT.xml] SOURCE...\n"
    "\n"
    "Typesets sources with a layout into PDFs (several sources follow each\n"
    "other in one booklet; the first gives its title). A SOURCE is a TEI\n"
    "document or a plain-text file, ingested on the fly; an XML argument\n"
    "whose root element is <layout> is the layout. Without one (or\n"
    "--layout), the neutral handout shipped with booklet is used. The\n"
    "document is typeset once for every output named; with none named, the\n"
    "PDF goes beside the first source (lesson.txt -> lesson.pdf).\n"
    "\n"
    "outputs (any subset; - = standard output, never a terminal):\n"
    "  -o, --output=FILE    the PDF: reading pages at trim size, or the kind\n"
    "                       the layout's <output kind=\"...\"/> names\n"
    "  --reading=FILE       the reading PDF, whatever the layout says\n"
    "  --print=FILE         the print PDF (bleed and crop marks)\n"
    "  --imposed=FILE       the imposed PDF (2-up saddle-stitch sheets)\n"
    "  --trace=FILE         a text trace of the page frames\n"
    "  --deps=FILE          the files the build read, as a Make rule\n"
    "\n"
    "options:\n"
    "  --layout=FILE        the layout (a layout file, see layouts/)\n"
    "  --lang=TAG           language of plain-text sources (BCP 47: vi, en,\n"
    "                       zh-Hans, zh-Hant, ...); default: their catalog's\n"
    "  --root=DIR           the folder paths named inside data files must\n"
    "                       stay in (default: the current folder)\n"
    "  --strict             every fault of the booklet is an error\n"
    "  --timings            print the time spent in each stage\n"
    "  --report             print the typesetting report (spacing, hyphenation,\n"
    "                       clreq, widows, orphans, missing glyphs)\n"
    "  --no-compress        leave PDF streams uncompressed (for debugging)\n"
    "  --creep=MM           imposed: move the innermost sheet's pages MM towards\n"
    "                       the fold, outer sheets in proportion (default 0)\n"
    "  --standard=LIST      the standards every PDF claims: pdfa-2b, pdfa-2u,\n"
    "                       pdfa-2a, pdfua-1, pdfx-4, comma-separated, or none;\n"
    "                       default: reading pdfa-2u,pdfua-1, print and imposed\n"
    "                       pdfx-4\n"
    COMMON_HELP;

static const char usage_new[] =
    "usage: booklet new [OPTIONS] DIR\n"
    "\n"
    "Makes DIR (if needed) with a starter project: lesson.txt, layout.xml\n"
    "(extending the neutral handout), a Makefile that rebuilds the PDFs and a\n"
    "README. Nothing is written if one of these files exists there.\n"
    "\n" COMMON_HELP;

static const char usage_text[] =
    "usage: booklet text [OPTIONS] FILE.xml\n"
    "\n"
    "Prints the blocks of a TEI document in reading order, one per line\n"
    "(list items with their label): the text a PDF built from it contains.\n"
    "\n"
    "  --ids                print each block's xml:id and its first words\n"
    "                       instead, to write alignment links for a parallel\n"
    "                       edition\n"
    "  --layout=FILE        add the parts the layout appends (tables from data\n"
    "                       files)\n" COMMON_HELP;

/* ---- options shared by every command ---------------------------------- */

enum {
    OPT_COLOR = 256, OPT_DIAGNOSTICS, OPT_LANG, OPT_RULES, OPT_CATALOG,
    OPT_REPORT, OPT_STRICT, OPT_LAYOUT, OPT_TIMINGS, OPT_NO_COMPRESS,
    OPT_CREEP, OPT_READING, OPT_PRINT, OPT_IMPOSED, OPT_TRACE, OPT_DEPS,
    OPT_ROOT, OPT_IDS, OPT_STANDARD, OPT_CHECK, OPT_GLOSSARY, OPT_PLACES
};

#define COMMON_LONG                                                   \
    {"help", no_argument, NULL, 'h'},                                 \
    {"quiet", no_argument, NULL, 'q'},                                \
    {"color", optional_argument, NULL, OPT_COLOR},                    \
    {"colour", optional_argument, NULL, OPT_COLOR},                   \
    {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS}

/* How the diagnostics of this run are printed. */
typedef struct cli {
    bk_diag_render_opts r;
    const char *usage;  /* the command's help */
    const char *cmd;    /* its name */
    const char *seen;   /* the option getopt_long last returned, as typed */
    char one[3];        /* a short option as typed */
    char hint[96];      /* "did you mean --layout?" for an unknown one */
} cli;

/* The most errors and warnings printed each (then a count). */
#define CLI_MAX_SHOWN 50

/* A usage error: the message and a hint, as text (with the command's
 * synopsis, the first line of its help) or as one JSON object when
 * --diagnostics=json was given anywhere on the command line. */
static int usage_print(const cli *c, const char *msg, const char *hint)
{
    char more[96];
    snprintf(more, sizeof more, "'booklet %.32s%s--help' lists the options",
             c->cmd ? c->cmd : "", c->cmd ? " " : "");
    if (c->r.format == BK_DIAG_JSON) {
        bk_buf b = {0};
        bk_buf_puts(&b, "{\"severity\":\"error\",\"file\":null,\"line\":0,"
                        "\"col\":0,\"message\":");
        bk_diag_json_string(&b, msg);
        bk_buf_puts(&b, ",\"hint\":");
        bk_diag_json_string(&b, hint ? hint : more);
        bk_buf_puts(&b, "}\n");
        if (b.data)
            fputs(b.data, stderr);
        bk_buf_release(&b);
        return BK_EUSAGE;
    }
    const char *nl = strchr(c->usage, '\n');
    int synopsis = nl ? (int)(nl - c->usage) : (int)strlen(c->usage);
    fprintf(stderr, "booklet: error: %s\n", msg);
    if (hint)
        fprintf(stderr, "  hint: %s\n", hint);
    fprintf(stderr, "%.*s\n  (%s)\n", synopsis, c->usage, more);
    return BK_EUSAGE;
}

static int usage_error(const cli *c, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    return usage_print(c, msg, c->hint[0] ? c->hint : NULL);
}

/* The long option of longs nearest to an unknown one typed as `seen`
 * ("--layuot", "--layuot=x"), as a hint in c->hint; none when too far. */
static void option_hint(cli *c, const char *seen, const struct option *longs)
{
    const char *words[64];
    size_t n = 0;
    char typed[64];
    c->hint[0] = '\0';
    if (!longs || strncmp(seen, "--", 2) != 0)
        return;
    snprintf(typed, sizeof typed, "%.*s", (int)strcspn(seen + 2, "="), seen + 2);
    for (; longs[n].name && n < sizeof words / sizeof *words; n++)
        words[n] = longs[n].name;
    const char *near = bk_nearest_word(typed, words, n);
    if (near && strcmp(near, typed) == 0)
        snprintf(c->hint, sizeof c->hint, "--%s takes no value", near);
    else if (near)
        snprintf(c->hint, sizeof c->hint, "did you mean --%s?", near);
}

static int usage_hint(const cli *c, const char *msg, const char *hint)
{
    return usage_print(c, msg, hint);
}

/* Prints the recorded diagnostics from record `from` on; returns st. */
static int report_from(bk_ctx *ctx, const cli *c, size_t from, bk_status st)
{
    bk_buf out = {0};
    if (bk_diag_render(ctx->diag, from, &c->r, &out) == 0 && out.data)
        fputs(out.data, stderr);
    bk_buf_release(&out);
    if (st != BK_OK && !bk_diag_error_count(ctx->diag)) {
        if (c->r.format == BK_DIAG_JSON)
            fputs("{\"severity\":\"error\",\"file\":null,\"line\":0,\"col\":0,"
                  "\"message\":\"failed\",\"hint\":null}\n", stderr);
        else
            fputs("booklet: error: failed\n", stderr);
    }
    return (int)st;
}

static int report(bk_ctx *ctx, const cli *c, bk_status st)
{
    return report_from(ctx, c, 0, st);
}

/* Handles an option every command takes: 1 handled, 0 not one of them,
 * -1 a usage error (printed). */
static int common_option(cli *c, int opt, const char *arg)
{
    switch (opt) {
    case 'q':
        c->r.quiet = 1;
        return 1;
    case OPT_COLOR: {
        int on = bk_diag_color_wanted(arg, isatty(STDERR_FILENO), getenv("NO_COLOR"));
        if (on < 0)
            return usage_error(c, "--color=%s: use auto, always or never", arg), -1;
        c->r.color = on;
        return 1;
    }
    case OPT_DIAGNOSTICS:
        if (strcmp(arg, "json") == 0)
            c->r.format = BK_DIAG_JSON;
        else if (strcmp(arg, "text") == 0)
            c->r.format = BK_DIAG_TEXT;
        else
            return usage_error(c, "--diagnostics=%s: use text or json", arg), -1;
        return 1;
    case ':':
        return usage_error(c, "%s needs a value", c->seen), -1;
    case '?':
        return usage_error(c, "unknown option %s", c->seen), -1;
    default:
        return 0;
    }
}

/* Runs getopt_long for one option; c->seen is then the option as typed
 * (for messages). argv[0] is the command name. */
static int next_option(cli *c, int argc, char **argv, const char *shorts,
                       const struct option *longs)
{
    int opt = getopt_long(argc, argv, shorts, longs, NULL);
    c->seen = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    if (opt == '?')
        option_hint(c, c->seen, longs);
    if ((opt == '?' || opt == ':') && optopt > 0 && optopt < 128 &&
        strncmp(c->seen, "--", 2) != 0) {
        c->one[0] = '-';
        c->one[1] = (char)optopt;
        c->one[2] = '\0';
        c->seen = c->one;
    }
    return opt;
}

/* Whether --diagnostics=json is on the command line (looked for before the
 * options are parsed, so that a usage error found earlier is JSON too). */
static int json_wanted(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--diagnostics=json") == 0 ||
            (strcmp(argv[i], "--diagnostics") == 0 && i + 1 < argc &&
             strcmp(argv[i + 1], "json") == 0))
            json = 1;
        else if (strncmp(argv[i], "--diagnostics", 13) == 0)
            json = 0;
    }
    return json;
}

static void cli_begin(cli *c, const char *cmd, const char *usage, int argc,
                      char **argv)
{
    memset(c, 0, sizeof(*c));
    c->cmd = cmd;
    c->usage = usage;
    if (json_wanted(argc, argv))
        c->r.format = BK_DIAG_JSON;
    c->r.color = bk_diag_color_wanted(NULL, isatty(STDERR_FILENO), getenv("NO_COLOR"));
    c->r.max_errors = CLI_MAX_SHOWN;
    c->r.max_warnings = CLI_MAX_SHOWN;
    optind = 0; /* glibc: a full restart of the scan */
    opterr = 0;
}

/* After the options: JSON lists everything, uncapped, uncoloured. */
static void cli_end(cli *c)
{
    if (c->r.format == BK_DIAG_JSON) {
        c->r.color = 0;
        c->r.max_errors = c->r.max_warnings = 0;
    }
}

/* ---- ingest, validate, new, text --------------------------------------- */

static int cmd_ingest(bk_ctx *ctx, int argc, char **argv)
{
    static const struct option longs[] = {
        {"lang", required_argument, NULL, OPT_LANG},
        {"rules", required_argument, NULL, OPT_RULES},
        {"catalog", required_argument, NULL, OPT_CATALOG},
        {"output", required_argument, NULL, 'o'},
        {"report", no_argument, NULL, OPT_REPORT},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"deps", required_argument, NULL, OPT_DEPS},
        {"root", required_argument, NULL, OPT_ROOT},
        COMMON_LONG, {NULL, 0, NULL, 0}};
    cli c;
    cli_begin(&c, "ingest", usage_ingest, argc, argv);
    bk_ingest_options o = {0};
    const char *out = NULL, *deps = NULL;
    int want_report = 0, opt;
    while ((opt = next_option(&c, argc, argv, ":ho:q", longs)) != -1) {
        int k = common_option(&c, opt, optarg);
        if (k < 0)
            return BK_EUSAGE;
        if (k > 0)
            continue;
        switch (opt) {
        case 'h': fputs(usage_ingest, stdout); return 0;
        case 'o': out = optarg; break;
        case OPT_LANG: o.lang = optarg; break;
        case OPT_RULES: o.rules = optarg; break;
        case OPT_CATALOG: o.catalog = optarg; break;
        case OPT_REPORT: want_report = 1; break;
        case OPT_STRICT: ctx->strict = 1; break;
        case OPT_DEPS: deps = optarg; break;
        case OPT_ROOT: ctx->root = optarg; break;
        default: return usage_error(&c, "unknown option %s", c.seen);
        }
    }
    cli_end(&c);
    if (optind < argc)
        o.source = argv[optind++];
    if (optind < argc)
        return usage_error(&c, "unexpected argument %s", argv[optind]);
    if (!o.source || !out)
        return usage_error(&c, "%s", "a SOURCE and -o OUT are required");
    if (bk_same_file(o.source, out)) {
        bk_diag_error(ctx->diag, BK_EUSAGE, o.source, 0, 0,
                      "-o names this source: the output would overwrite it");
        return report(ctx, &c, BK_EUSAGE);
    }
    bk_node *tei = NULL;
    bk_buf xml = {0}, rep = {0};
    bk_status st = bk_ingest(ctx, &o, &tei, want_report ? &rep : NULL);
    if (!st)
        st = bk_xml_write_buf(ctx, tei, 1, &xml);
    /* Never write a document the later stages would reject; what passed
     * is stamped, so that a build need not validate it again. */
    if (!st)
        st = bk_xml_validate_memory(ctx, out, xml.data, xml.len);
    if (!st && bk_stamp_add(&xml) != 0)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (!st)
        st = bk_file_write_atomic(ctx, out, xml.data, xml.len);
    if (!st && deps)
        st = bk_files_deps_write(ctx, deps, &out, 1);
    if (!st && want_report && rep.data)
        fputs(rep.data, strcmp(out, "-") == 0 ? stderr : stdout);
    bk_node_free(tei);
    bk_buf_release(&xml);
    bk_buf_release(&rep);
    return report(ctx, &c, st);
}

/* Options of a command that takes only the common ones; returns -1 to go
 * on, else the exit code. */
static int common_only(cli *c, int argc, char **argv)
{
    static const struct option longs[] = {COMMON_LONG, {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = next_option(c, argc, argv, ":hq", longs)) != -1) {
        int k = common_option(c, opt, optarg);
        if (k < 0)
            return BK_EUSAGE;
        if (k == 0 && opt == 'h') {
            fputs(c->usage, stdout);
            return 0;
        }
        if (k == 0)
            return usage_error(c, "unknown option %s", c->seen);
    }
    cli_end(c);
    return -1;
}

/* booklet schema [NAME]: prints a built-in schema (for editors: Emacs
 * nXML, VS Code's XML support), or with no name lists them. */
static int cmd_schema(bk_ctx *ctx, int argc, char **argv)
{
    static const char usage_schema[] =
        "usage: booklet schema [NAME]\n"
        "Prints the RELAX NG schema NAME built into the program; without NAME,\n"
        "lists the schemas.\n" COMMON_HELP;
    cli c;
    cli_begin(&c, "schema", usage_schema, argc, argv);
    int rc = common_only(&c, argc, argv);
    const char *data = NULL;
    size_t len = 0;
    (void)ctx;
    if (rc >= 0)
        return rc;
    if (optind + 1 < argc)
        return usage_error(&c, "unexpected argument %s", argv[optind + 1]);
    if (optind >= argc) {
        for (size_t i = 0; bk_schema_name(i); i++)
            printf("%-9s %s\n", bk_schema_name(i), bk_schema_about(i));
        return 0;
    }
    if (bk_schema_get(argv[optind], &data, &len) != 0)
        return usage_error(&c, "no schema named '%s' (booklet schema lists them)",
                           argv[optind]);
    return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : BK_EINTERNAL;
}

/* The alignment files among the arguments, checked after every file
 * passed the schema, against the texts among them (TEI documents that are
 * not alignments). */
static int validate_alignments(bk_ctx *ctx, const cli *c, int argc, char **argv,
                               bk_node **trees)
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
        int rc = report(ctx, c, st);
        if (!st && !c->r.quiet && c->r.format != BK_DIAG_JSON)
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
    cli c;
    cli_begin(&c, "validate", usage_validate, argc, argv);
    int rc = common_only(&c, argc, argv), worst = 0;
    if (rc >= 0)
        return rc;
    if (optind >= argc)
        return usage_error(&c, "%s", "no file given");
    argc -= optind;
    argv += optind;
    /* the schema, compiled once for all the files */
    bk_validator *val = bk_validator_new(ctx);
    bk_node **trees = calloc((size_t)argc, sizeof(*trees));
    if (!val || !trees) {
        bk_validator_free(val);
        free(trees);
        return report(ctx, &c, BK_EINTERNAL);
    }
    for (int i = 0; i < argc; i++) {
        bk_diag_clear(ctx->diag);
        bk_status st = bk_xml_read_valid(ctx, val, argv[i], &trees[i]);
        rc = report(ctx, &c, st);
        if (!st && !bk_xref_has_alignment(trees[i]) && !c.r.quiet &&
            c.r.format != BK_DIAG_JSON)
            printf("%s: valid\n", argv[i]);
        if (rc > worst)
            worst = rc;
    }
    rc = validate_alignments(ctx, &c, argc, argv, trees);
    for (int i = 0; i < argc; i++)
        bk_node_free(trees[i]);
    free(trees);
    bk_validator_free(val);
    return rc > worst ? rc : worst;
}

static int cmd_new(bk_ctx *ctx, int argc, char **argv)
{
    cli c;
    cli_begin(&c, "new", usage_new, argc, argv);
    int rc = common_only(&c, argc, argv);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return usage_error(&c, "%s", "one DIR is required");
    const char *dir = argv[optind];
    size_t n = 0;
    bk_status st = bk_project_new(ctx, dir, &n);
    if (!st && !c.r.quiet)
        printf("%s: %zu files; `make -C %s` (or booklet build %s/lesson.txt) builds it\n",
               dir, n, dir, dir);
    return report(ctx, &c, st);
}

/* Prints one block of the flow as `booklet text` shows it. */
static void text_block(const bk_block *b, int ids)
{
    if (b->map)
        return; /* a map's names are not text of the document */
    if (b->nevents && !ids) {
        /* a timeline: its event labels */
        for (size_t k = 0; k < b->nevents; k++)
            printf("%s\n", b->events[k].label);
        return;
    }
    if (b->table && !ids) {
        /* a table: its caption, then its cells row by row */
        if (b->len)
            printf("%s\n", b->text);
        for (size_t k = 0; k < b->table->nrows * b->table->ncols; k++)
            if (b->table->cells[k].len)
                printf("%s\n", b->table->cells[k].text);
        return;
    }
    if (ids) {
        /* the id to use in an alignment link, and how the passage starts
         * (60 bytes, cut at a character boundary) */
        size_t n = b->len < 60 ? b->len : 60;
        while (n < b->len && ((unsigned char)b->text[n] & 0xc0) == 0x80)
            n--;
        printf("%s\t%.*s%s\n", b->id ? b->id : "-", (int)n, b->text,
               n < b->len ? "…" : "");
        return;
    }
    if (b->label)
        printf("%s ", b->label);
    printf("%s\n", b->text);
}

static int cmd_text(bk_ctx *ctx, int argc, char **argv)
{
    static const struct option longs[] = {
        {"ids", no_argument, NULL, OPT_IDS},
        {"layout", required_argument, NULL, OPT_LAYOUT},
        COMMON_LONG, {NULL, 0, NULL, 0}};
    cli c;
    cli_begin(&c, "text", usage_text, argc, argv);
    int ids = 0, opt;
    const char *layout_path = NULL;
    while ((opt = next_option(&c, argc, argv, ":hq", longs)) != -1) {
        int k = common_option(&c, opt, optarg);
        if (k < 0)
            return BK_EUSAGE;
        if (k > 0)
            continue;
        if (opt == 'h') {
            fputs(usage_text, stdout);
            return 0;
        } else if (opt == OPT_IDS) {
            ids = 1;
        } else if (opt == OPT_LAYOUT) {
            layout_path = optarg;
        } else {
            return usage_error(&c, "unknown option %s", c.seen);
        }
    }
    cli_end(&c);
    if (argc - optind != 1)
        return usage_error(&c, "%s", optind < argc ? "one FILE only"
                                                    : "one FILE is required");
    bk_flow *flow = NULL;
    bk_status st = bk_build_flow(ctx, argv[optind], layout_path, &flow);
    for (size_t i = 0; !st && i < flow->n; i++)
        text_block(&flow->blocks[i], ids);
    bk_flow_free(flow);
    return report(ctx, &c, st);
}

/* ---- align ---------------------------------------------------------------- */

static const char usage_align[] =
    "usage: booklet align [OPTIONS] A.xml B.xml [C.xml...] -o ALIGNMENT.xml\n"
    "       booklet align --check ALIGNMENT.xml A.xml B.xml [C.xml...]\n"
    "\n"
    "Proposes links between the passages of two or more ingested texts (TEI)\n"
    "from the anchors they share: dates, numbers and sums, names of the\n"
    "glossary and places files. Each link is preceded by a comment naming its\n"
    "anchors, for an editor to review. With --check, reports links that name\n"
    "nothing (errors), links whose passages share no anchor and passages with\n"
    "strong shared anchors that no link pairs (warnings). docs/ALIGN.md.\n"
    "\n"
    "  -o, --output=FILE    the alignment to write (never one of the inputs)\n"
    "  --check=FILE         check this alignment instead of proposing one\n"
    "  --glossary=FILE      people and terms in each language\n"
    "                       (schemas/glossary.rng); --check: else the one the\n"
    "                       alignment's header names\n"
    "  --places=FILE        a TEI places file (listPlace/place/placeName)\n" COMMON_HELP;

static int cmd_align(bk_ctx *ctx, int argc, char **argv)
{
    static const struct option longs[] = {
        {"output", required_argument, NULL, 'o'}, {"check", required_argument, NULL, OPT_CHECK},
        {"glossary", required_argument, NULL, OPT_GLOSSARY},
        {"places", required_argument, NULL, OPT_PLACES}, COMMON_LONG, {NULL, 0, NULL, 0}};
    cli c;
    cli_begin(&c, "align", usage_align, argc, argv);
    bk_align_request r = {0};
    int opt;
    while ((opt = next_option(&c, argc, argv, ":ho:q", longs)) != -1) {
        int k = common_option(&c, opt, optarg);
        if (k < 0)
            return BK_EUSAGE;
        if (k > 0)
            continue;
        switch (opt) {
        case 'h': fputs(usage_align, stdout); return 0;
        case 'o': r.out = optarg; break;
        case OPT_CHECK: r.check = optarg; break;
        case OPT_GLOSSARY: r.glossary = optarg; break;
        case OPT_PLACES: r.places = optarg; break;
        default: return usage_error(&c, "unknown option %s", c.seen);
        }
    }
    cli_end(&c);
    r.texts = (const char *const *)argv + optind;
    r.ntexts = (size_t)(argc - optind);
    if (r.ntexts < 2 || (!r.out == !r.check))
        return usage_error(&c, "%s", r.ntexts < 2 ? "two texts or more are needed"
                                                  : "give either -o OUT or --check FILE");
    for (size_t i = 0; r.out && i < r.ntexts; i++)
        if (bk_same_file(r.texts[i], r.out) || (r.glossary && bk_same_file(r.glossary, r.out)) ||
            (r.places && bk_same_file(r.places, r.out))) {
            bk_diag_error(ctx->diag, BK_EUSAGE, r.out, 0, 0,
                          "-o names an input: the output would overwrite it");
            return report(ctx, &c, BK_EUSAGE);
        }
    if (r.check)
        ctx->strict = 1; /* a link that names nothing is an error here */
    bk_buf out = {0};
    size_t weak = 0, missing = 0;
    bk_status st = bk_align_run(ctx, &r, &out, &weak, &missing);
    if (!st && r.out)
        st = bk_file_write_atomic(ctx, r.out, out.data, out.len);
    if (!st)
        st = bk_diag_error_status(ctx->diag);
    int rc = report(ctx, &c, st);
    if (!st && r.check && !c.r.quiet && c.r.format != BK_DIAG_JSON)
        printf("%s: %zu weak link%s, %zu missing link%s\n", r.check, weak, weak == 1 ? "" : "s",
               missing, missing == 1 ? "" : "s");
    bk_buf_release(&out);
    return rc;
}

/* ---- build ---------------------------------------------------------------- */

/* What `booklet build` was asked for, as parsed. */
typedef struct build_args {
    bk_build_request req;
    const char *srcs[BK_BUILD_MAX_SOURCES];
    bk_build_pdf pdfs[4];
    int want_report;
} build_args;

static const char *const pdf_kind_names[] = {"reading", "print", "imposed"};

/* An output PDF of the request; a second one of the same kind replaces
 * the first, as a repeated option does. */
static void build_add_pdf(build_args *b, const char *path, int kind, int given)
{
    size_t slot = b->req.npdfs;
    for (size_t i = 0; i < b->req.npdfs; i++)
        if ((int)b->pdfs[i].kind == kind && b->pdfs[i].kind_given == given)
            slot = i;
    b->pdfs[slot] = (bk_build_pdf){path, (bk_pdf_kind)kind, given};
    if (slot == b->req.npdfs)
        b->req.npdfs++;
}

static int build_option(cli *c, bk_ctx *ctx, build_args *b, int opt)
{
    switch (opt) {
    case 'o':
        for (int k = 0; k < 3; k++)
            if (strcmp(optarg, pdf_kind_names[k]) == 0)
                return usage_hint(c, "--output names the output file now, not "
                                     "its kind",
                                  "use --print FILE or --imposed FILE (or -o "
                                  "FILE for the reading PDF; -o ./print for a "
                                  "file of that name)");
        build_add_pdf(b, optarg, BK_PDF_READING, 0);
        return -1;
    case OPT_READING: build_add_pdf(b, optarg, BK_PDF_READING, 1); return -1;
    case OPT_PRINT: build_add_pdf(b, optarg, BK_PDF_PRINT, 1); return -1;
    case OPT_IMPOSED: build_add_pdf(b, optarg, BK_PDF_IMPOSED, 1); return -1;
    case OPT_TRACE: b->req.trace = optarg; return -1;
    case OPT_DEPS: b->req.deps = optarg; return -1;
    case OPT_ROOT: ctx->root = optarg; return -1;
    case OPT_LAYOUT: b->req.layout = optarg; return -1;
    case OPT_LANG: b->req.lang = optarg; return -1;
    case OPT_STRICT: ctx->strict = 1; return -1;
    case OPT_TIMINGS: ctx->timings = 1; return -1;
    case OPT_REPORT: b->want_report = 1; return -1;
    case OPT_NO_COMPRESS: b->req.no_compress = 1; return -1;
    case OPT_CREEP: {
        char *end = NULL;
        double mm = strtod(optarg, &end);
        if (end == optarg || *end || !(mm >= 0 && mm <= 25))
            return usage_error(c, "--creep=%s: give 0 to 25 (mm)", optarg);
        b->req.creep = mm * 72.0 / 25.4;
        return -1;
    }
    case OPT_STANDARD: {
        const char *bad;
        size_t n;
        char msg[160];
        if (bk_pdf_standards_parse(optarg, &b->req.standards, &bad, &n) != 0)
            return snprintf(msg, sizeof msg, "--standard=%s: '%.*s' is not understood here",
                            optarg, (int)(n > 40 ? 40 : n), bad),
                   usage_hint(c, msg,
                              "give pdfa-2b, pdfa-2u, pdfa-2a (one of them), pdfua-1 "
                              "and pdfx-4, comma-separated, or none alone");
        b->req.standards_given = 1;
        return -1;
    }
    case 'h': fputs(usage_build, stdout); return 0;
    default: return usage_error(c, "unknown option %s", c->seen);
    }
}

static int build_options(cli *c, bk_ctx *ctx, build_args *b, int argc, char **argv)
{
    static const struct option longs[] = {
        {"output", required_argument, NULL, 'o'},
        {"reading", required_argument, NULL, OPT_READING},
        {"print", required_argument, NULL, OPT_PRINT},
        {"imposed", required_argument, NULL, OPT_IMPOSED},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"deps", required_argument, NULL, OPT_DEPS},
        {"root", required_argument, NULL, OPT_ROOT},
        {"layout", required_argument, NULL, OPT_LAYOUT},
        {"lang", required_argument, NULL, OPT_LANG},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"timings", no_argument, NULL, OPT_TIMINGS},
        {"report", no_argument, NULL, OPT_REPORT},
        {"no-compress", no_argument, NULL, OPT_NO_COMPRESS},
        {"creep", required_argument, NULL, OPT_CREEP},
        {"standard", required_argument, NULL, OPT_STANDARD},
        COMMON_LONG, {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = next_option(c, argc, argv, ":ho:q", longs)) != -1) {
        int k = common_option(c, opt, optarg);
        if (k < 0)
            return BK_EUSAGE;
        if (k > 0)
            continue;
        int rc = build_option(c, ctx, b, opt);
        if (rc >= 0)
            return rc;
    }
    cli_end(c);
    return -1;
}

/* The root element's name of a regular XML file, or "" when it has none
 * that can be read cheaply. */
static const char *root_of(bk_ctx *ctx, const char *path, char *buf, size_t n)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        bk_xml_root_name(ctx, path, buf, n) != 0)
        buf[0] = '\0';
    return buf;
}

static int ends_with_xml(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && strcasecmp(s + n - 4, ".xml") == 0;
}

/* 1 when an output goes to standard output (then nothing else may). */
static int build_uses_stdout(const build_args *b)
{
    int n = b->req.trace && strcmp(b->req.trace, "-") == 0;
    for (size_t i = 0; i < b->req.npdfs; i++)
        n += strcmp(b->pdfs[i].path, "-") == 0;
    return n;
}

/* Sorts the arguments: the layout (told by its root element), then the
 * sources in order. */
static int build_positionals(cli *c, bk_ctx *ctx, build_args *b, int argc,
                             char **argv)
{
    char root[64];
    const char *first_root = "";
    for (int i = optind; i < argc; i++) {
        const char *a = argv[i];
        const char *r = root_of(ctx, a, root, sizeof root);
        if (i == optind)
            first_root = strcmp(r, "TEI") == 0 ? "TEI" : "";
        if (strcmp(r, "layout") == 0) {
            if (b->req.layout)
                return usage_error(c, "%s: a second layout (one build takes one)", a);
            b->req.layout = a;
        } else if (b->req.nsources < BK_BUILD_MAX_SOURCES) {
            b->srcs[b->req.nsources++] = a;
        } else {
            return usage_error(c, "too many sources at %s (64 at most)", a);
        }
    }
    /* No layout among them: a first .xml that is no TEI document either is
     * taken for a layout, so that its own problem is reported. */
    if (!b->req.layout && b->req.nsources >= 2 && ends_with_xml(b->srcs[0]) &&
        !*first_root) {
        b->req.layout = b->srcs[0];
        memmove(b->srcs, b->srcs + 1, --b->req.nsources * sizeof(b->srcs[0]));
    }
    if (!b->req.nsources)
        return usage_error(c, "%s", "a SOURCE is required");
    for (size_t i = 0; i < b->req.npdfs; i++)
        for (size_t k = i + 1; k < b->req.npdfs; k++)
            if (strcmp(b->pdfs[i].path, b->pdfs[k].path) == 0)
                return usage_error(c, "two outputs are both %s", b->pdfs[i].path);
    if (build_uses_stdout(b) > 1)
        return usage_error(c, "%s", "one output at most may be - (standard output)");
    return -1;
}

/* Parses the build options into a request; the build library does the
 * rest. */
/* Parses build's (and watch's) arguments into *b, with the default
 * output (lesson.txt -> lesson.pdf, in *outname) when none is named.
 * Returns -1 to go on, else the exit code. */
static int build_parse(cli *c, bk_ctx *ctx, build_args *b, bk_buf *outname, int argc,
                       char **argv)
{
    memset(b, 0, sizeof *b);
    b->req.sources = b->srcs;
    b->req.pdfs = b->pdfs;
    int rc = build_options(c, ctx, b, argc, argv);
    if (rc < 0)
        rc = build_positionals(c, ctx, b, argc, argv);
    if (rc >= 0)
        return rc;
    if (!b->req.npdfs && !b->req.trace) {
        /* lesson.txt -> lesson.pdf, beside it */
        const char *src = b->srcs[0], *slash = strrchr(src, '/');
        const char *dot = strrchr(slash ? slash : src, '.');
        size_t stem = dot && dot != (slash ? slash + 1 : src) ? (size_t)(dot - src)
                                                              : strlen(src);
        if (bk_buf_append(outname, src, stem) || bk_buf_puts(outname, ".pdf"))
            return report(ctx, c, BK_EINTERNAL);
        build_add_pdf(b, outname->data, BK_PDF_READING, 0);
    }
    return -1;
}

static int cmd_build(bk_ctx *ctx, int argc, char **argv)
{
    cli c;
    cli_begin(&c, "build", usage_build, argc, argv);
    build_args b;
    bk_buf rep = {0}, tim = {0}, outname = {0};
    int rc = build_parse(&c, ctx, &b, &outname, argc, argv);
    if (rc >= 0) {
        bk_buf_release(&outname);
        return rc;
    }
    b.req.report = b.want_report ? &rep : NULL;
    b.req.timings = &tim;
    bk_status st = bk_build_run(ctx, &b.req);
    if (tim.data)
        fputs(tim.data, stderr);
    if (!st && rep.data)
        fputs(rep.data, build_uses_stdout(&b) ? stderr : stdout);
    bk_buf_release(&rep);
    bk_buf_release(&tim);
    bk_buf_release(&outname);
    return report(ctx, &c, st);
}

/* ---- watch ---------------------------------------------------------------- */

static const char usage_watch[] =
    "usage: booklet watch [BUILD OPTIONS] [LAYOUT.xml] SOURCE...\n"
    "\n"
    "Builds as `booklet build` does, then again whenever a file the build read\n"
    "changes (the sources, the layout and the layouts it extends, the fonts\n"
    "configuration, fonts, data files, geodata). One line per build; a failed\n"
    "build prints its diagnostics and keeps the last good PDF. Ctrl-C stops.\n"
    "The options are build's (booklet build --help).\n";

/* A context for one build of the watch: the options of `ctx`, fresh
 * diagnostics and a fresh record of the inputs. */
static bk_ctx *watch_ctx(const bk_ctx *ctx)
{
    bk_ctx *run = bk_ctx_new();
    if (run) {
        run->strict = ctx->strict;
        run->epoch = ctx->epoch;
        run->datadir = ctx->datadir;
        run->root = ctx->root;
    }
    return run;
}

/* Prints the one line of a build: its time, outcome and faults. */
static void watch_line(const bk_ctx *run, const build_args *b, bk_status st, double ms)
{
    char when[16] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(when, sizeof when, "%H:%M:%S", &tm);
    size_t nerr = bk_diag_error_count(run->diag), nwarn = bk_diag_warning_count(run->diag);
    if (st == BK_OK)
        fprintf(stderr, "[%s] built %s in %.0f ms, %zu warning%s\n", when,
                b->req.npdfs ? b->pdfs[0].path : b->req.trace, ms, nwarn,
                nwarn == 1 ? "" : "s");
    else
        fprintf(stderr, "[%s] failed: %zu error%s, %zu warning%s; the last good PDF is kept\n",
                when, nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
}

/* Builds, then rebuilds on every change to a file the last build read (or
 * tried to: after a failure, the files read so far and the command line's
 * files). Runs until interrupted or a failure of the system. */
static int cmd_watch(bk_ctx *ctx, int argc, char **argv)
{
    cli c;
    cli_begin(&c, "watch", usage_watch, argc, argv);
    build_args b;
    bk_buf outname = {0};
    int rc = build_parse(&c, ctx, &b, &outname, argc, argv);
    bk_watch *w = rc < 0 ? bk_watch_new() : NULL;
    if (rc < 0 && !w)
        rc = report(ctx, &c, BK_EINTERNAL);
    while (rc < 0) {
        bk_ctx *run = watch_ctx(ctx);
        if (!run) {
            rc = report(ctx, &c, BK_EINTERNAL);
            break;
        }
        double t0 = bk_clock_ms();
        bk_status st = bk_build_run(run, &b.req);
        watch_line(run, &b, st, bk_clock_ms() - t0);
        report(run, &c, st);
        const char *paths[BK_BUILD_MAX_SOURCES + 1 + 4096];
        size_t n = 0;
        for (size_t i = 0; i < b.req.nsources; i++)
            paths[n++] = b.srcs[i];
        if (b.req.layout)
            paths[n++] = b.req.layout;
        for (size_t i = 0; i < bk_files_count(run) && n < sizeof paths / sizeof *paths; i++)
            paths[n++] = bk_files_path(run, i);
        bk_status ws = bk_watch_set(run, w, paths, n);
        if (ws != BK_OK)
            rc = report(run, &c, ws);
        bk_ctx_free(run);
        if (rc < 0 && bk_watch_wait(w, -1, 150) < 0)
            rc = BK_EINTERNAL;
    }
    bk_watch_free(w);
    bk_buf_release(&outname);
    return rc;
}

/* The program's own data (layouts/, fonts/, messages/): $BOOKLET_DATA,
 * else beside the program in a source tree (build/booklet -> ./), else the
 * installed share/booklet next to bin/. NULL when none is found. */
static const char *find_datadir(char *buf, size_t n)
{
    const char *env = getenv("BOOKLET_DATA");
    if (!env || !*env)
        env = getenv("BOOKLET_DATADIR"); /* its name before 0.1 */
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

/* A signal while an output is written: remove its temporary file, then
 * die of the signal as if unhandled. */
static void on_signal(int sig)
{
    bk_file_temps_remove();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* How many of argv[1..] before the command are options every command
 * takes (-q, --quiet, --color[=WHEN], --colour[=WHEN],
 * --diagnostics[=]FORM). */
static int leading_globals(int argc, char **argv)
{
    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0 ||
            strcmp(a, "--color") == 0 || strcmp(a, "--colour") == 0 ||
            strncmp(a, "--color=", 8) == 0 || strncmp(a, "--colour=", 9) == 0 ||
            strncmp(a, "--diagnostics=", 14) == 0)
            i++;
        else if (strcmp(a, "--diagnostics") == 0 && i + 1 < argc)
            i += 2;
        else
            break;
    }
    return i - 1;
}

static const char *const COMMANDS[] = {"ingest", "validate", "build", "new",
                                       "text", "watch", "schema", "align"};

/* An unknown command: named, with the nearest command as a hint. */
static int unknown_command(int argc, char **argv)
{
    cli c;
    cli_begin(&c, NULL, usage_main, argc, argv);
    char msg[160], hint[96];
    snprintf(msg, sizeof msg, "unknown command '%.100s'", argv[1]);
    const char *near = bk_nearest_word(argv[1], COMMANDS,
                                       sizeof COMMANDS / sizeof *COMMANDS);
    if (near)
        snprintf(hint, sizeof hint, "did you mean '%s'?", near);
    return usage_print(&c, msg, near ? hint : NULL);
}

/* The heap in huge pages where the system gives them on request
 * (transparent huge pages in "madvise" mode, Linux's default). A handout
 * build touches some 20 MB of heap: faulting it in 4 KB at a time was
 * 2 900 of its 3 800 page faults, each a trap to the kernel, and a
 * quarter of its time. The heap is grown once by RESERVE bytes from a
 * 2 MB boundary, marked, and given back to malloc, which keeps them (the
 * trim threshold is above them) and carves the later blocks from them;
 * memory counts only where it is touched, 2 MB at a time. The heap below
 * the boundary (small pages) is filled by a block that is never touched,
 * returned for main to free at the end. RESERVE covers a handout's heap;
 * past it the heap grows in small pages as before, which keeps the peak
 * of a long book where it was (the bench's x40: 45 MB). */
static void *heap_huge_pages(void)
{
    void *below = NULL;
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__)
    enum { RESERVE = 24 << 20, HUGE = 2 << 20 };
    mallopt(M_MMAP_THRESHOLD, RESERVE + HUGE); /* these blocks from the heap */
    mallopt(M_TRIM_THRESHOLD, 2 * RESERVE);
    char *p = malloc(RESERVE);
    if (p) {
        uintptr_t a = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
        free(p); /* back to the heap's top, where the next blocks start */
        if (a - (uintptr_t)p > 64)
            below = malloc(a - (uintptr_t)p - 32); /* its header before p's */
        p = malloc(RESERVE);
    }
    if (p) {
        /* from the boundary p's header follows (64: a header's room) */
        uintptr_t a = ((uintptr_t)p - 64 + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
        uintptr_t e = ((uintptr_t)p + RESERVE) & ~(uintptr_t)(HUGE - 1);
        if (e > a)
            madvise((void *)a, e - a, MADV_HUGEPAGE); /* a hint: failing is harmless */
        free(p);
    }
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
#endif
    return below;
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* A run allocates and frees the same large buffers again and again
     * (glyph and item arrays, font tables, page streams): served from the
     * heap and kept there, instead of fresh mappings that fault in page by
     * page each time (a fifth of a handout's page faults; peak memory
     * unchanged). */
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
    void *below = heap_huge_pages();
    int rc = run(argc, argv);
    free(below);
    return rc;
}

/* The command line's work: main's, past the heap's set-up. */
static int run(int argc, char **argv)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++)
        sigaction((int[]){SIGINT, SIGTERM, SIGHUP}[i], &sa, NULL);
    if (argc < 2) {
        fputs(usage_main, stderr);
        return BK_EUSAGE;
    }
    /* The options every command takes may also come before the command:
     * move them after it, where the command's parser reads them. */
    char **args = calloc((size_t)argc + 1, sizeof(*args));
    if (!args) {
        fputs("booklet: error: out of memory\n", stderr);
        return BK_EINTERNAL;
    }
    int nglobal = leading_globals(argc, argv);
    int ci = 1 + nglobal; /* the command's index in argv */
    if (ci >= argc) {
        free(args);
        fputs(usage_main, stderr);
        return BK_EUSAGE;
    }
    args[0] = argv[0];
    args[1] = argv[ci];
    for (int i = 1; i < ci; i++)
        args[i + 1] = argv[i];
    for (int i = ci + 1; i < argc; i++)
        args[i] = argv[i];
    argv = args;
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage_main, stdout);
        free(args);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("booklet %s\n", BK_VERSION);
        free(args);
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
    ctx->dir_trusted = bk_fontfind_dir_trusted;
    int rc;
    if (strcmp(cmd, "ingest") == 0)
        rc = cmd_ingest(ctx, argc - 1, argv + 1);
    else if (strcmp(cmd, "validate") == 0)
        rc = cmd_validate(ctx, argc - 1, argv + 1);
    else if (strcmp(cmd, "build") == 0)
        rc = cmd_build(ctx, argc - 1, argv + 1);
    else if (strcmp(cmd, "new") == 0)
        rc = cmd_new(ctx, argc - 1, argv + 1);
    else if (strcmp(cmd, "text") == 0)
        rc = cmd_text(ctx, argc - 1, argv + 1);
    else if (strcmp(cmd, "watch") == 0)
        rc = cmd_watch(ctx, argc - 1, argv + 1);
    else if (strcmp(cmd, "schema") == 0)
        rc = cmd_schema(ctx, argc - 1, argv + 1);
    else if (strcmp(cmd, "align") == 0)
        rc = cmd_align(ctx, argc - 1, argv + 1);
    else
        rc = unknown_command(argc, argv);
    bk_ctx_free(ctx);
    free(args);
    return rc;
}
