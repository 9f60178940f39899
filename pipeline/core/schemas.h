/* schemas.h — the RELAX NG schemas built into the program: one per kind
 * of XML input (layout, fonts, catalog, messages, map, tei). The text is
 * static and NUL-terminated; nothing to free. */
#ifndef BK_SCHEMAS_H
#define BK_SCHEMAS_H

#include <stddef.h>

/* The schema called `name`: its text in *data (NUL-terminated), its length
 * in *len. Returns 0, or -1 when no schema has that name. */
int bk_schema_get(const char *name, const char **data, size_t *len);

/* The name of the i-th schema (0-based), or NULL past the last. */
const char *bk_schema_name(size_t i);

/* One line saying what the i-th schema describes, or NULL past the last. */
const char *bk_schema_about(size_t i);

#endif
