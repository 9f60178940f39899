/* fuzz.h — helpers shared by the libFuzzer targets in tests/fuzz/
 * (built and run by `make fuzz`, see tests/fuzz/run.sh).
 *
 * BK_FUZZ_ROOT (set by the Makefile) is the repository root, so targets
 * find their data (sources/, tests/unit/layout.xml) wherever libFuzzer runs them from.
 */
#ifndef BK_FUZZ_H
#define BK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bk.h"

#ifndef BK_FUZZ_ROOT
#define BK_FUZZ_ROOT "."
#endif

/* A private folder for the input files, made once per process and removed
 * at exit (ingest looks for catalog.xml and SOURCE.rules beside a source:
 * nothing else may be there). */
static char fuzz_dir[64];

static void fuzz_cleanup(void)
{
    if (fuzz_dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
    }
}

/* Writes data to fuzz_dir/name and returns the path (static storage). */
__attribute__((unused)) static const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[128];
    if (!fuzz_dir[0]) {
        strcpy(fuzz_dir, "/tmp/booklet-fuzz-XXXXXX");
        if (!mkdtemp(fuzz_dir)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(fuzz_cleanup);
    }
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror("fuzz: writing the input file");
        abort();
    }
    return path;
}

/* Splits the input at NUL bytes into at most n pieces (a NUL cannot occur
 * in the text or XML files the targets feed, so the split loses nothing);
 * missing pieces get length 0 and point at "". Returns the number found. */
__attribute__((unused)) static size_t fuzz_split(const uint8_t *data, size_t size, size_t n,
                                                 const char **piece, size_t *len)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        piece[i] = "";
        len[i] = 0;
    }
    while (k < n && (k == 0 || size > 0)) {
        const uint8_t *nul = k + 1 < n ? memchr(data, 0, size) : NULL;
        size_t l = nul ? (size_t)(nul - data) : size;
        piece[k] = (const char *)data;
        len[k++] = l;
        if (!nul)
            break;
        data += l + 1;
        size -= l + 1;
    }
    return k;
}

/* A status the library must never return for any input: BK_EINTERNAL
 * means a bug (or out of memory, which the fuzzer's limits keep away). */
static void fuzz_check_status(bk_ctx *ctx, bk_status st, const char *where)
{
    /* BK_FUZZ_VERBOSE=1: say what each step gave (to check the seeds) */
    if (getenv("BK_FUZZ_VERBOSE")) {
        const char *m = bk_diag_error_message(ctx->diag);
        fprintf(stderr, "fuzz: %s: status %d%s%s\n", where, (int)st,
                st && m ? ": " : "", st && m ? m : "");
    }
    if (st == BK_EINTERNAL) {
        const char *m = bk_diag_error_message(ctx->diag);
        fprintf(stderr, "fuzz: internal error in %s: %s\n", where,
                m ? m : "(no message)");
        abort();
    }
    if (st != BK_OK && !bk_diag_error_message(ctx->diag)) {
        fprintf(stderr, "fuzz: %s failed (status %d) without a message\n",
                where, (int)st);
        abort();
    }
}

#endif
