/* xml.h — the libxml2 adapter: the only code that includes libxml2.
 * Reads XML files into bk_node trees, writes trees as XML, and validates
 * TEI documents against the project's RELAX NG schema (built into the
 * program from pipeline/tei-booklet.rng).
 *
 * Parsing is safe for hostile input: no network, no external entities or
 * DTD loading, no entity expansion beyond the predefined ones, nesting
 * limited to BK_MAX_XML_DEPTH. Errors carry file, line and column.
 *
 * Ownership: *out trees belong to the caller (bk_node_free).
 */
#ifndef BK_XML_H
#define BK_XML_H

#include "bk.h"
#include "node.h"

#define BK_TEI_NS "http://www.tei-c.org/ns/1.0"

/* Parses a file into a tree. Text nodes are kept as they are (mixed
 * content); element nodes record their line. */
bk_status bk_xml_read(bk_ctx *ctx, const char *path, bk_node **out);
/* Same, from memory; `name` is used in messages. */
bk_status bk_xml_read_memory(bk_ctx *ctx, const char *name, const char *data,
                             size_t len, bk_node **out);

/* Serialises a tree (root gets xmlns=BK_TEI_NS if `tei` is set) to UTF-8 XML
 * into *out (caller frees with bk_buf_release). */
bk_status bk_xml_write_buf(bk_ctx *ctx, const bk_node *root, int tei,
                           bk_buf *out);

/* Validates an XML file against the built-in TEI subset schema. Every
 * schema error is recorded (first as error, others as warnings). */
bk_status bk_xml_validate_file(bk_ctx *ctx, const char *path);
/* Validates a document held in memory (e.g. before writing it). */
bk_status bk_xml_validate_memory(bk_ctx *ctx, const char *name,
                                 const char *data, size_t len);

#endif
