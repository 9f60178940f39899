/* schemas.c — the table of built-in schemas (see schemas.h); their text is
 * assembled in by schemas.S (and, for the TEI subset, ingest/schema.S). */
#include "schemas.h"

#include <string.h>

#define BK_SCHEMA_EXTERN(n) extern const char bk_schema_##n##_start[], bk_schema_##n##_end[]
BK_SCHEMA_EXTERN(layout);
BK_SCHEMA_EXTERN(fonts);
BK_SCHEMA_EXTERN(catalog);
BK_SCHEMA_EXTERN(messages);
BK_SCHEMA_EXTERN(map);
BK_SCHEMA_EXTERN(glossary);
extern const char bk_schema_rng_start[], bk_schema_rng_end[];

static const struct entry {
    const char *name, *about;
    const char *start, *end;
} SCHEMAS[] = {
    {"layout", "layout files (layouts/*.xml, <layout extends=...>)",
     bk_schema_layout_start, bk_schema_layout_end},
    {"fonts", "font configurations (fonts/fonts.xml, <fonts href=...>)",
     bk_schema_fonts_start, bk_schema_fonts_end},
    {"catalog", "the source catalog (sources/catalog.xml)",
     bk_schema_catalog_start, bk_schema_catalog_end},
    {"messages", "message catalogs (messages/LANG.xml)",
     bk_schema_messages_start, bk_schema_messages_end},
    {"map", "map definitions (sources/maps/*.xml)",
     bk_schema_map_start, bk_schema_map_end},
    {"glossary", "glossaries of people and terms for booklet align (sources/glossary.xml)",
     bk_schema_glossary_start, bk_schema_glossary_end},
    {"tei", "TEI documents: texts, events, places, tables, alignments",
     bk_schema_rng_start, bk_schema_rng_end},
};

#define NSCHEMAS (sizeof SCHEMAS / sizeof *SCHEMAS)

int bk_schema_get(const char *name, const char **data, size_t *len)
{
    for (size_t i = 0; name && i < NSCHEMAS; i++)
        if (strcmp(SCHEMAS[i].name, name) == 0) {
            *data = SCHEMAS[i].start;
            *len = (size_t)(SCHEMAS[i].end - SCHEMAS[i].start);
            return 0;
        }
    return -1;
}

const char *bk_schema_name(size_t i) { return i < NSCHEMAS ? SCHEMAS[i].name : NULL; }

const char *bk_schema_about(size_t i) { return i < NSCHEMAS ? SCHEMAS[i].about : NULL; }
