/* align_check.c — an alignment checked against its texts' anchors
 * (`booklet align --check`, and the build): links whose passages share no
 * anchor, and passages with strong shared anchors that no link pairs.
 * Links that name nothing are bk_xref_alignment's (faults).
 */
#include "align_private.h"

#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "srcpos.h"

#define NONE ((size_t)-1)

/* The text and unit a target names ("zh.p_znuph@21"), or NONE. */
static size_t target_unit(bk_atext *const *t, size_t n, const char *id, size_t *text)
{
    size_t bl = strcspn(id, "@");
    size_t nth = id[bl] == '@' ? (size_t)strtoul(id + bl + 1, NULL, 10) : 1;
    for (size_t x = 0; x < n; x++)
        for (size_t b = 0; b < t[x]->flow->n; b++) {
            const char *bid = t[x]->flow->blocks[b].id;
            if (bid && strlen(bid) == bl && strncmp(bid, id, bl) == 0) {
                *text = x;
                return bk_atext_find(t[x], b, nth ? nth : 1);
            }
        }
    return NONE;
}

/* The best score between the passage at unit u of text a and the one at v
 * of text b: each from its unit up to the next link's in its text (ends[]:
 * the unit where it stops), at most PASSAGE_MAX units. */
#define PASSAGE_MAX 40
static double passage_score(const bk_atext *a, size_t u, size_t ua_end, const bk_atext *b,
                            size_t v, size_t ub_end)
{
    double best = 0;
    for (size_t i = u; i < ua_end && i < u + PASSAGE_MAX; i++)
        for (size_t j = v; j < ub_end && j < v + PASSAGE_MAX; j++) {
            double s = bk_align_score(a, i, b, j, NULL);
            if (s > best)
                best = s;
        }
    return best;
}

/* Where the passage starting at unit u of text x ends: the next unit a
 * link of `al` names in x, the end of the text, or the end of the block
 * after u's (a link speaks for its own paragraph and what introduces or
 * follows it, such as a list, not for the rest of the text). */
static size_t passage_end(const bk_alignment *al, size_t **units, size_t **texts,
                          const bk_atext *t, size_t x, size_t u)
{
    size_t end = t->n, blocks = 0;
    for (size_t k = u + 1; k < t->n; k++)
        if (t->u[k].block != t->u[k - 1].block && ++blocks == 2) {
            end = k;
            break;
        }
    for (size_t i = 0; i < al->n; i++)
        for (size_t j = 0; al->ids[i][j]; j++)
            if (texts[i][j] == x && units[i][j] != NONE && units[i][j] > u && units[i][j] < end)
                end = units[i][j];
    return end;
}

static void warn_at(bk_ctx *ctx, const bk_alignment *al, size_t i, size_t j, const char *fmt,
                    const char *a1, const char *a2)
{
    long line = al->line[i];
    long col = bk_srcpos_token_col(al->file, &line, "target", al->tok[i][j]);
    bk_diag_warn(ctx->diag, al->file, line, col, fmt, a1, a2);
}

/* 1 if texts a and b share any anchor at all: else the check has nothing
 * to judge their links by (texts without dates, numbers or names). */
static int texts_share(const bk_atext *a, const bk_atext *b)
{
    size_t i = 0, j = 0;
    while (i < a->nkeys && j < b->nkeys) {
        int c = strcmp(a->keys[i].key, b->keys[j].key);
        if (!c)
            return 1;
        if (c < 0)
            i++;
        else
            j++;
    }
    return 0;
}

/* Weak links: a link whose passages share no anchor (one warning), or a
 * target that shares none with the others of its link. */
static size_t weak_links(bk_ctx *ctx, const bk_alignment *al, bk_atext *const *t,
                         size_t **units, size_t **texts)
{
    size_t count = 0;
    for (size_t i = 0; i < al->n; i++) {
        size_t m = 0, alone = 0, known = 0, first = NONE;
        double best[64] = {0};
        while (al->ids[i][m] && m < 64)
            m++;
        for (size_t j = 0; j < m; j++)
            for (size_t k = j + 1; k < m; k++)
                if (units[i][j] != NONE && units[i][k] != NONE) {
                    size_t x = texts[i][j], y = texts[i][k];
                    double s = !texts_share(t[x], t[y]) ? BK_ALIGN_WEAK : passage_score(
                        t[x], units[i][j], passage_end(al, units, texts, t[x], x, units[i][j]),
                        t[y], units[i][k], passage_end(al, units, texts, t[y], y, units[i][k]));
                    best[j] = s > best[j] ? s : best[j];
                    best[k] = s > best[k] ? s : best[k];
                }
        for (size_t j = 0; j < m; j++)
            if (units[i][j] != NONE) {
                known++;
                if (best[j] < BK_ALIGN_WEAK && ++alone && first == NONE)
                    first = j;
            }
        if (known < 2 || !alone)
            continue;
        if (alone == known)
            warn_at(ctx, al, i, first,
                    "weak link: its passages (#%s, …) share no date, number or name (a "
                    "year alone is not enough)%s; check that they tell the same events", al->ids[i][first], "");
        else
            for (size_t j = 0; j < m; j++)
                if (units[i][j] != NONE && best[j] < BK_ALIGN_WEAK)
                    warn_at(ctx, al, i, j,
                            "weak link: #%s shares no date, number or name with the other "
                            "passages of its link%s", al->ids[i][j], "");
        count++;
    }
    return count;
}

/* owner[u]: the link whose passage holds unit u of text x (the last link
 * starting at or before u), or NONE. */
static void owners(const bk_alignment *al, size_t **units, size_t **texts, size_t x,
                   size_t nunits, size_t *owner)
{
    for (size_t u = 0; u < nunits; u++)
        owner[u] = NONE;
    for (size_t i = 0; i < al->n; i++)
        for (size_t j = 0; al->ids[i][j]; j++)
            if (texts[i][j] == x && units[i][j] != NONE)
                for (size_t u = units[i][j]; u < nunits; u++)
                    owner[u] = i;
}

/* 1 if unit u of text x starts a link: the editor placed it. */
static int is_target(const bk_alignment *al, size_t **units, size_t **texts, size_t x, size_t u)
{
    for (size_t i = 0; i < al->n; i++)
        for (size_t j = 0; al->ids[i][j]; j++)
            if (texts[i][j] == x && units[i][j] == u)
                return 1;
    return 0;
}

static size_t missing_pair(bk_ctx *ctx, const bk_alignment *al, bk_atext *const *t, size_t a,
                           size_t b, size_t **units, size_t **texts, bk_status *st)
{
    bk_apair *p = NULL;
    size_t np = 0, count = 0, last_a = NONE, last_b = NONE;
    size_t *oa = malloc((t[a]->n + 1) * sizeof *oa), *ob = malloc((t[b]->n + 1) * sizeof *ob);
    if (!oa || !ob || (*st = bk_align_pair(ctx, t[a], t[b], &p, &np)) != BK_OK)
        goto done;
    owners(al, units, texts, a, t[a]->n, oa);
    owners(al, units, texts, b, t[b]->n, ob);
    for (size_t k = 0; k < np; k++) {
        const bk_unit *ua = &t[a]->u[p[k].i], *ub = &t[b]->u[p[k].j];
        if (p[k].score < BK_ALIGN_STRONG || (oa[p[k].i] != NONE && oa[p[k].i] == ob[p[k].j]) ||
            is_target(al, units, texts, a, p[k].i) || is_target(al, units, texts, b, p[k].j) ||
            (ua->block == last_a && ub->block == last_b))
            continue;
        last_a = ua->block;
        last_b = ub->block;
        const bk_block *ba = &t[a]->flow->blocks[ua->block], *bb = &t[b]->flow->blocks[ub->block];
        bk_buf why = {0};
        bk_align_score(t[a], p[k].i, t[b], p[k].j, &why);
        long line = ba->line, col = bk_srcpos_attr_col(t[a]->flow->file, &line, "xml:id");
        bk_diag_warn(ctx->diag, t[a]->flow->file, line, col,
                     "missing link: sentence %zu of %s and sentence %zu of %s (%s:%ld) share "
                     "strong anchors (%s), but no link of %s starts either or sets them side by side",
                     ua->nth, ba->id, ub->nth, bb->id, t[b]->flow->file, bb->line,
                     why.data ? why.data : "", al->file);
        bk_buf_release(&why);
        count++;
    }
done:
    if (!oa || !ob)
        *st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    free(oa);
    free(ob);
    free(p);
    return count;
}

bk_status bk_align_check(bk_ctx *ctx, const bk_alignment *al, bk_atext *const *t, size_t n,
                         size_t *nweak, size_t *nmissing)
{
    bk_status st = BK_OK;
    size_t **units = calloc(al->n ? al->n : 1, sizeof *units);
    size_t **texts = calloc(al->n ? al->n : 1, sizeof *texts);
    size_t weak = 0, missing = 0;
    if (!units || !texts)
        goto oom;
    for (size_t i = 0; i < al->n; i++) {
        size_t m = 0;
        while (al->ids[i][m])
            m++;
        units[i] = malloc((m + 1) * sizeof **units);
        texts[i] = malloc((m + 1) * sizeof **texts);
        if (!units[i] || !texts[i])
            goto oom;
        for (size_t j = 0; j < m; j++) {
            texts[i][j] = 0;
            units[i][j] = target_unit(t, n, al->ids[i][j], &texts[i][j]);
        }
    }
    weak = weak_links(ctx, al, t, units, texts);
    for (size_t a = 0; a < n && !st; a++)
        for (size_t b = a + 1; b < n && !st; b++) {
            int used = 0; /* only pairs of texts the alignment links */
            for (size_t i = 0; i < al->n && !used; i++)
                for (size_t j = 0; al->ids[i][j] && !used; j++)
                    for (size_t k = 0; al->ids[i][k] && !used; k++)
                        used = units[i][j] != NONE && units[i][k] != NONE &&
                               texts[i][j] == a && texts[i][k] == b;
            if (used)
                missing += missing_pair(ctx, al, t, a, b, units, texts, &st);
        }
    goto done;
oom:
    st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
done:
    for (size_t i = 0; units && texts && i < al->n; i++) {
        free(units[i]);
        free(texts[i]);
    }
    free(units);
    free(texts);
    if (nweak)
        *nweak = weak;
    if (nmissing)
        *nmissing = missing;
    return st;
}

/* The first idno[@type=type] under n, depth first. */
static const bk_node *idno_find(const bk_node *n, const char *type)
{
    for (const bk_node *c = n->first; c; c = c->next) {
        if (!c->name)
            continue;
        const char *ty = bk_node_get_attr(c, "type");
        if (strcmp(c->name, "idno") == 0 && ty && strcmp(ty, type) == 0)
            return c;
        const bk_node *f = idno_find(c, type);
        if (f)
            return f;
    }
    return NULL;
}

bk_status bk_align_header_file(bk_ctx *ctx, const bk_node *tei, const char *file,
                               const char *type, char **out)
{
    const bk_node *h = bk_node_find(tei, "teiHeader");
    const bk_node *n = h ? idno_find(h, type) : NULL;
    char *v = n ? bk_node_text_content(n) : NULL;
    *out = NULL;
    if (n && !v)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    bk_status st = v && *v ? bk_path_resolve(ctx, file, n->line, 0, v, out) : BK_OK;
    free(v);
    return st;
}
