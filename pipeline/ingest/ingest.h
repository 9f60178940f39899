/* ingest.h — plain text to TEI. Every change made to the text is either a
 * generic, documented normalisation (UTF-8 check, BOM and CRLF removal, NFC)
 * or a rule from a declared rules file, and each applied change is listed in
 * the TEI header (rule, line, before -> after) and in the report.
 *
 * Steps: read -> check UTF-8 -> strip BOM/CRLF -> NFC -> apply rules ->
 * detect structure (title, headings, paragraphs, lists, captions, hatnotes,
 * citation marks) -> lint -> build the TEI tree (the caller serialises it
 * and validates it with bk_xml_validate_memory). Formats of the rules file
 * and the catalog, and the TEI produced: docs/TEI.md.
 *
 * Ownership: *out (a TEI tree) and report belong to the caller.
 */
#ifndef BK_INGEST_H
#define BK_INGEST_H

#include "bk.h"
#include "node.h"

typedef struct bk_ingest_options {
    const char *source;  /* path of the plain-text source */
    const char *lang;    /* BCP 47 tag, or NULL: from the catalog */
    const char *rules;   /* rules file, or NULL: from the catalog */
    const char *catalog; /* catalog file, or NULL: catalog.xml beside the
                            source, if any */
} bk_ingest_options;

/* Builds the TEI tree of a source. Lint findings become warnings in
 * ctx->diag (errors under ctx->strict). `report`, if not NULL, receives a
 * human-readable list of the changes made. */
bk_status bk_ingest(bk_ctx *ctx, const bk_ingest_options *opts, bk_node **out,
                    bk_buf *report);

#endif
