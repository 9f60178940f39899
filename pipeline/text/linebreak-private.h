/* linebreak-private.h — what linebreak.c (the passes: the classic
 * algorithm over the items) and linebreak-run.c (which passes run, the
 * breaks chosen for each looseness asked, the lines read back) share: one
 * call's working state. Not for other modules (linebreak.h is the
 * interface). */
#ifndef BK_LINEBREAK_PRIVATE_H
#define BK_LINEBREAK_PRIVATE_H

#include <stdint.h>

#include "linebreak.h"

#define NONE SIZE_MAX
/* Badness has no upper limit in the model, but a line that cannot stretch
 * at all needs a value: this one, which is also where badness stops
 * growing (r ~ 21.5), so such lines stay comparable. */
#define LB_BAD_MAX 1e8

struct lb_memo;

/* A feasible break (also the paragraph start, node 0). Nodes are never
 * freed during a pass: the chosen breaks are read back through `prev`. */
typedef struct lb_node {
    /* (the fields the scan reads at every node first; 128 bytes in all
     * on a 64-bit machine, so that an index is a shift) */
    /* next awake active node, NONE at the end or when inactive; while
     * asleep, the next node in its wake's bucket */
    size_t next;
    size_t cls;   /* line_class of line, for this pass */
    size_t start; /* first item of the line after this break */
    double lw;    /* the width of the line after this break (line_width) */
    double total; /* demerits of the paragraph up to here */
    int fitness, run;
    int level; /* box_levels: the line's letter-spacing level; LB_ANY_LEVEL at the start */
    int fil; /* the line ending here is not justified (fil glue, or empty) */
    size_t line;  /* lines ended here */
    size_t pos;   /* break item; NONE for the paragraph start */
    size_t prev;  /* node the line ending here starts from */
    /* place in the active list (node_before): after the line class, the
     * batch, a breakpoint made from a lower class (< 0, the later the
     * earlier) or from its own (> 0, the later the later) */
    long long batch;
    size_t spare[2]; /* (unused: keeps a node 128 bytes, see above) */
    /* first breakpoint at which a line from here can be acceptable in this
     * pass, as its slot in bp (see wake_of; nbp: none); before it, at breaks
     * that are not forced, the node is passed over without measuring */
    size_t wake;
    double ratio; /* of the line ending here, as set (without emergency stretch) */
    int asleep;   /* LB_AWAKE, LB_ASLEEP or LB_EVICTED */
} lb_node;

enum { LB_AWAKE, LB_ASLEEP, LB_EVICTED };

/* The best line found so far to the current breakpoint in one class. */
typedef struct lb_cand {
    double total, ratio;
    size_t from; /* (the line count is from's + 1, read when flushed) */
    int fitness, run, fil, used, level;
} lb_cand;

/* Measures of one line. */
typedef struct lb_fit {
    double ratio;  /* as set */
    double reff;   /* as judged (with emergency stretch) */
    double bad;    /* badness of reff */
    double excess; /* pt beyond the measure at full shrink (>0: overfull) */
    int fil, overfull;
} lb_fit;

/* A node's place in the active list (see node_before). */
typedef struct lb_key {
    size_t cls;
    long long batch;
    size_t k;
} lb_key;

/* Buffers kept from one call to the next (see bk_lb_scratch_new): a
 * setter breaks thousands of paragraphs, and growing these afresh each
 * time cost a tenth of the breaking in malloc and page faults. */
struct bk_lb_scratch {
    void *sums;           /* the per-item arrays of one call, one block */
    size_t capsums;       /* bytes */
    struct lb_node *nodes;
    size_t capnodes;
    struct lb_key *woke; /* 2 * capwoke keys (lb.woke) */
    size_t capwoke;
    int *fil;            /* per line read back: ends with infinite stretch */
    size_t capfil;
};

/* A paragraph's items as bk_lb_prepare reads them (linebreak.h): what
 * its walk over the items leaves, for a call with the same items to read
 * instead. One malloc'd block: this header, then the arrays. */
struct bk_lb_sums {
    size_t ne, m;    /* the caller's items read (lb.nout), and in all (lb.m) */
    int lev;         /* yb and zb are kept (box_levels asked) */
    int items_ok, mono;
    double pwmax;
    size_t nbp;
    size_t bytes;    /* of the block */
    double *w, *y, *z, *yb, *zb; /* (yb, zb NULL without lev) */
    size_t *f, *bp;
};

typedef struct lb {
    bk_diag *diag;
    bk_lb_scratch *scr;
    const bk_lb_params *p;
    /* the items: the caller's [0, nout) (trailing glue dropped), read in
     * place (copying them to append the finish cost as much as the sums),
     * then the finish, when appended, in fin (see lb_item) */
    const bk_lb_item *it;
    bk_lb_item fin[2];
    size_t m;       /* items in all */
    /* the item of the breakpoint being tried (try_break), for the
     * measures, which are all of lines to it */
    const bk_lb_item *at;
    size_t nout;    /* caller's items that lines can cover */
    double *w, *y, *z; /* prefix sums over it[0..i): width, finite stretch, shrink */
    double *yb, *zb;   /* the boxes' share of y and z (box_levels) */
    int nlev;          /* box_levels */
    size_t ncls;       /* classes per hyphen run: fitness classes or levels */
    size_t *f;         /* prefix count of glue with infinite stretch */
    /* the legal breakpoints (TeX's: glue after a box, a penalty below
     * infinity; not before an empty line), in order: bp[0..nbp) */
    size_t *bp, nbp;
    /* line_start's last answer: the first box or forced break at or after
     * every item from ls_from to ls_at is ls_at (ls_from NONE: none yet);
     * start_slot's: the slot of the first breakpoint at or after ss_start */
    size_t ls_from, ls_at, ss_start, ss_slot;
    /* pwmax: the widest penalty (0 at least), which bounds a line's natural
     * width from above for wake_of, with w when mono: no box or glue is
     * narrower than 0, so w never decreases (else there are no wakes) */
    double pwmax;
    int mono;
    /* 1: every item is well formed (lb_item_ok); 0: one may not be
     * (check_items tells: sums that overflow look so too) */
    int items_ok;
    const double *widths;
    size_t nwidths;
    int maxrun; /* 0: no limit */
    size_t R;   /* hyphen-run slots per fitness class */
    /* per pass (0: the pretolerance pass) */
    int pass, unlimited, looseness;
    double es, tol;
    /* the largest adjustment ratio a line may have in this pass (a little
     * above, for rounding), or 0 when every line that fits is acceptable */
    double rmax;
    /* wake_of's last answer: the start, its line width and the wake */
    size_t wake_start, wake_at;
    double wake_lw;
    lb_node *nodes;
    /* head: the awake active nodes, in the order of node_before (tail:
     * the last); nactive counts them and the sleeping ones */
    size_t nnodes, capnodes, head, tail, nactive;
    /* bucket[j]: sleeping nodes whose wake is bp[j] (0..nbp: bucket nbp,
     * never before the end); so a breakpoint drains the buckets since the
     * last, not every item's.
     * Buckets up to `drained` (NONE: none yet) are empty. */
    size_t *bucket, drained;
    /* no node before it is asleep (first_asleep): the sleeping nodes, in
     * the order made, are those at or after it that are */
    size_t sfirst;
    /* nodes waking at this breakpoint, in the order of node_before (and
     * as many keys again, woke_sort's buffer) */
    struct lb_key *woke;
    size_t nwoke, capwoke;
    lb_cand *cand; /* ncls * R */
    size_t *touched, ntouched;
    struct lb_memo *memo; /* LB_MEMO slots, in the scratch */
    size_t stamp;         /* try_break calls so far: memo's current stamp */
} lb;

static inline int lb_is_forced(const bk_lb_item *e)
{
    return e->kind == BK_LB_PENALTY && e->penalty <= -BK_LB_INFINITY;
}

/* Item i (< L->m): the caller's, or past them the finish. */
static inline const bk_lb_item *lb_item(const lb *L, size_t i)
{
    return i < L->nout ? &L->it[i] : &L->fin[i - L->nout];
}

/* Whether item e is well formed: a known kind, a finite width; glue and
 * boxes with stretch and shrink >= 0, shrink finite (and a box's stretch);
 * a penalty that is a number. (check_items names what is wrong.) */
static inline int lb_item_ok(const bk_lb_item *e)
{
    if (e->kind == BK_LB_PENALTY)
        return isfinite(e->width) && !isnan(e->penalty);
    return (e->kind == BK_LB_BOX || e->kind == BK_LB_GLUE) && isfinite(e->width) &&
           e->stretch >= 0 && e->shrink >= 0 && isfinite(e->shrink) &&
           (e->kind == BK_LB_GLUE || isfinite(e->stretch));
}

static inline double lb_badness(double r)
{
    if (r >= BK_LB_INFINITY)
        return LB_BAD_MAX;
    double a = fabs(r);
    double b = 100.0 * a * a * a;
    return b < LB_BAD_MAX ? b : LB_BAD_MAX;
}

/* The items[0..ne) (the finish appended when `finish`), their prefix
 * sums and legal breakpoints, in L->scr, or in *sums when sums is not
 * NULL (read from there when it holds these items': see
 * bk_lb_break_sums); items are read in place until the call ends. L->p,
 * widths and diag set before. */
bk_status bk_lb_prepare(lb *L, const bk_lb_item *items, size_t ne, int finish,
                        bk_lb_sums **sums);

/* One pass over the paragraph (0: the pretolerance pass; 3: the final
 * pass); *ok = 0 when the active list ran empty. After it, the awake
 * list L->head holds every node that ends the paragraph, in TeX's order,
 * and L->nodes the chains that lead to them. */
bk_status bk_lb_pass_run(lb *L, int pass, int *ok);

#endif
