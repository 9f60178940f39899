/* rngfacet.h — where a RELAX NG grammar's pattern facets apply.
 *
 * libxml2 compiles the regular expression of a <param name="pattern"> anew
 * for every value it checks (10 000 to 40 000 instructions a value: most
 * of the time spent validating sources/events.xml). xml.c therefore
 * validates with the grammar's patterns taken out, then checks each
 * pattern once compiled against the values it governs, and only when one
 * of the two fails validates again with the grammar as written, for its
 * messages. This module reads the grammar (as a bk_node tree, see
 * node.h) and says which <data> patterns may be taken out that way and
 * whose values they govern: an attribute (whatever element carries it) or
 * the text of an element, by local names (so more values may be checked
 * against a pattern than the grammar puts under it: never fewer). A pattern is only taken out where the value
 * libxml2 tests is known for sure: under <attribute> through <choice> and
 * <ref> only, or as an element's text outside <interleave>, <mixed>,
 * <list> and <except>; its datatype is an XSD string type; and the grammar
 * has no ID types (validating twice would declare their ids twice) and
 * no include, externalRef, parentRef, nested grammar or combine.
 *
 * Ownership: a plan owns its arrays; the names in its uses point into the
 * grammar tree, which must outlive the plan. */
#ifndef BK_RNGFACET_H
#define BK_RNGFACET_H

#include <stddef.h>

#include "node.h"

/* One place whose values a taken-out pattern governs. */
typedef struct bk_rngfacet_use {
    const char *element;   /* local name of the element whose text it is,
                              or NULL */
    const char *attribute; /* or local name of the attribute */
    size_t data;           /* the <data>, by its rank among the grammar's
                              <data> elements in document order */
} bk_rngfacet_use;

typedef struct bk_rngfacet_plan {
    unsigned char *relax; /* per <data> rank: 1 when its patterns may be
                             taken out */
    size_t ndata;
    bk_rngfacet_use *uses; /* for the <data> taken out only */
    size_t nuses;
} bk_rngfacet_plan;

/* Reads grammar `rng` into *plan. Returns 0, or -1 when out of memory
 * (then *plan is empty). A grammar this module does not follow gets an
 * empty plan: nothing taken out. */
int bk_rngfacet_plan_make(const bk_node *rng, bk_rngfacet_plan *plan);

/* Frees the arrays of *plan and empties it. */
void bk_rngfacet_plan_release(bk_rngfacet_plan *plan);

#endif
