/* xml.h — the libxml2 adapter: the only code that includes libxml2.
 * Reads XML files into bk_node trees, writes trees as XML, and validates
 * TEI documents against the project's RELAX NG schema (built into the
 * program from pipeline/ingest/tei-booklet.rng; the schemas of the other
 * inputs from the schemas folder, see schemas.h).
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

/* XML files may be somewhat larger than plain-text sources (markup). */
#define BK_MAX_XML_BYTES (4u * BK_MAX_SOURCE_BYTES)

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
 * schema error is recorded as an error. */
bk_status bk_xml_validate_file(bk_ctx *ctx, const char *path);
/* Validates a document held in memory (e.g. before writing it). */
bk_status bk_xml_validate_memory(bk_ctx *ctx, const char *name,
                                 const char *data, size_t len);

/* A validator for a built-in schema. The schema is compiled on first
 * need, once per run (its bk_ctx keeps it, with every document already
 * found valid against it: a file read again in the same run is not
 * validated again); compiling costs more than validating a handout. Not
 * thread-safe: one context per thread. bk_validator_new_named records the
 * error and returns NULL for an unknown name or out of memory; a schema
 * that does not compile (ours, so BK_EINTERNAL) is an error of the first
 * validation. bk_validator_free(NULL) is a no-op. In the functions below
 * a NULL validator means "the TEI schema", as the functions above use.
 * `name` is one of schemas.h: "layout", "fonts", "catalog", "messages",
 * "map", "tei". Besides RELAX NG it checks the schema's vocabulary
 * (vocab.h): every unknown element or attribute, listed value, datatype
 * and language tag is an error at file:line:col with the allowed words.
 * For "tei" that check follows RELAX NG; for the others it comes first.
 * bk_validator_new is bk_validator_new_named(ctx, "tei"). */
typedef struct bk_validator bk_validator;
bk_validator *bk_validator_new(bk_ctx *ctx);
void bk_validator_free(bk_validator *v);
bk_validator *bk_validator_new_named(bk_ctx *ctx, const char *name);
/* Lets a TEI validator take a document whose ingest stamp matches
 * (stamp.h) as valid without validating it: for builds, which read what
 * ingest wrote; never for `booklet validate`. No effect on other
 * schemas. */
void bk_validator_trust_stamp(bk_validator *v);
/* A validator for another RELAX NG schema, read from a file (e.g. a map
 * definition's schema); its errors are the file's (BK_EINPUT). */
bk_validator *bk_validator_new_file(bk_ctx *ctx, const char *rng_path);

/* bk_xml_validate_file / _memory with the validator's schema. */
bk_status bk_xml_validate_file_with(bk_ctx *ctx, bk_validator *v,
                                    const char *path);
bk_status bk_xml_validate_memory_with(bk_ctx *ctx, bk_validator *v,
                                      const char *name, const char *data,
                                      size_t len);

/* bk_xml_validate_file followed by bk_xml_read, with one parse: the file
 * is parsed, the parsed document validated, then converted into *out.
 * Messages and statuses are those of the two calls (a document that does
 * not validate is not converted: *out stays NULL). */
bk_status bk_xml_read_valid(bk_ctx *ctx, bk_validator *v, const char *path,
                            bk_node **out);
/* bk_xml_read_valid and bk_xml_read for a reader that only reads the
 * tree: a document of up to BK_SHARED_XML_BYTES is the run's, kept in the
 * context's memo (memo.h) and shared by every later read of the same
 * bytes through the same function with the same schema, which neither
 * parses nor validates them again (the events file, read for the
 * timeline of each language of a parallel edition and for its maps).
 * *out lives as long as ctx, or as *own when that is not NULL: *own is
 * what the caller frees (a larger document, or one whose read recorded a
 * diagnostic, which is not kept so that the next read says it again). */
#define BK_SHARED_XML_BYTES (1u << 20)
bk_status bk_xml_read_valid_shared(bk_ctx *ctx, bk_validator *v, const char *path,
                                   const bk_node **out, bk_node **own);
bk_status bk_xml_read_shared(bk_ctx *ctx, const char *path, const bk_node **out,
                             bk_node **own);
/* bk_xml_read_valid with a validator for the built-in schema `schema`
 * made for this call. */
bk_status bk_xml_read_schema(bk_ctx *ctx, const char *schema, const char *path,
                             bk_node **out);
/* Same, from memory; `name` is used in messages. */
bk_status bk_xml_read_valid_memory(bk_ctx *ctx, bk_validator *v,
                                   const char *name, const char *data,
                                   size_t len, bk_node **out);

/* What a run keeps of the validation machinery (owned by bk_ctx, freed
 * by bk_ctx_free through this call; NULL is a no-op). */
typedef struct bk_xml_cache bk_xml_cache;
void bk_xml_cache_free(bk_xml_cache *x);

/* The local name of the root element of the XML file at `path` into buf
 * (n bytes), reading only up to its start tag: 0, or -1 when the file
 * cannot be read, is not XML or the name does not fit. Records nothing:
 * the stage that reads the file reports its problems. */
int bk_xml_root_name(bk_ctx *ctx, const char *path, char *buf, size_t n);

#endif
