/* stamp.h — the ingest stamp of a TEI document. `booklet ingest`
 * validates what it writes and then stamps it: right after the XML
 * declaration, on its line (so no line of the document moves), it puts
 *
 *     <?booklet-ingest sha256="HEX"?>
 *
 * where HEX is the SHA-256 of "booklet VERSION\n", then the program's
 * built-in TEI schema, then the document's bytes without the stamp. A
 * build that finds the stamp matching knows this program (same version,
 * same schema) found exactly these bytes valid, and skips validating them
 * again; any other byte, a hand edit or another program's stamp gives
 * another digest, and the document is validated as every input is
 * (docs/TEI.md, "The ingest stamp"). The digest guards against change,
 * not forgery: a document made to carry a matching stamp is read as
 * `booklet build --draft` reads drafts, unvalidated but safely. */
#ifndef BK_STAMP_H
#define BK_STAMP_H

#include "bk.h"
#include "sha256.h"

/* Stamps xml (an XML declaration, then the document): the stamp goes in
 * right after the declaration. Returns 0, or -1 when out of memory or
 * when xml does not start with an XML declaration. */
int bk_stamp_add(bk_buf *xml);

/* 1 when data carries a stamp and it matches, else 0. `prefix`, when
 * not NULL, is what bk_stamp_prefix gave: a run that checks several
 * documents digests the schema once. */
int bk_stamp_matches(const bk_sha256 *prefix, const char *data, size_t len);

/* 1 when data carries a stamp, matching or not (no digest computed). */
int bk_stamp_present(const char *data, size_t len);

/* The digest's state after "booklet VERSION\n" and the schema: 0, or -1
 * when the program has no TEI schema. */
int bk_stamp_prefix(bk_sha256 *c);

#endif
