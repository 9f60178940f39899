/* stamp.c — the ingest stamp of a TEI document (see stamp.h). */
#include "stamp.h"

#include <stdlib.h>
#include <string.h>

#include "schemas.h"
#include "sha256.h"

#define STAMP_HEAD "<?booklet-ingest sha256=\""
#define STAMP_TAIL "\"?>"
#define STAMP_LEN (sizeof STAMP_HEAD - 1 + 64 + sizeof STAMP_TAIL - 1)

/* The length of the XML declaration (up to its "?>"), or 0. The stamp
 * goes right after it, on the same line, so every later line keeps its
 * number in messages. */
static size_t declaration_end(const char *data, size_t len)
{
    if (len < 6 || memcmp(data, "<?xml ", 6) != 0)
        return 0;
    size_t n = len < 256 ? len : 256;
    for (size_t i = 6; i + 1 < n && data[i] != '\n'; i++)
        if (data[i] == '?' && data[i + 1] == '>')
            return i + 2;
    return 0;
}

int bk_stamp_prefix(bk_sha256 *c)
{
    const char *schema = NULL;
    size_t nschema = 0;
    if (bk_schema_get("tei", &schema, &nschema) != 0)
        return -1;
    static const char version[] = "booklet " BK_VERSION "\n";
    bk_sha256_init(c);
    bk_sha256_update(c, version, sizeof version - 1);
    bk_sha256_update(c, schema, nschema);
    return 0;
}

/* The digest of a document whose stamp is left out: head (the XML
 * declaration) and rest (everything after the stamp). */
static int digest(const bk_sha256 *prefix, const char *head, size_t nhead,
                  const char *rest, size_t nrest, char hex[65])
{
    bk_sha256 c;
    if (prefix)
        c = *prefix;
    else if (bk_stamp_prefix(&c) != 0)
        return -1;
    bk_sha256_update(&c, head, nhead);
    bk_sha256_update(&c, rest, nrest);
    bk_sha256_final_hex(&c, hex);
    return 0;
}

int bk_stamp_add(bk_buf *xml)
{
    size_t head = xml->data ? declaration_end(xml->data, xml->len) : 0;
    char hex[65];
    if (!head || digest(NULL, xml->data, head, xml->data + head, xml->len - head, hex) != 0)
        return -1;
    static const char room[STAMP_LEN]; /* the buffer grows by the line */
    size_t len = xml->len;
    if (bk_buf_append(xml, room, STAMP_LEN) != 0)
        return -1;
    memmove(xml->data + head + STAMP_LEN, xml->data + head, len - head);
    char *p = xml->data + head;
    memcpy(p, STAMP_HEAD, sizeof STAMP_HEAD - 1);
    memcpy(p + sizeof STAMP_HEAD - 1, hex, 64);
    memcpy(p + sizeof STAMP_HEAD - 1 + 64, STAMP_TAIL, sizeof STAMP_TAIL - 1);
    return 0;
}

int bk_stamp_present(const char *data, size_t len)
{
    size_t head = declaration_end(data, len);
    return head && len - head >= STAMP_LEN &&
           memcmp(data + head, STAMP_HEAD, sizeof STAMP_HEAD - 1) == 0 &&
           memcmp(data + head + STAMP_LEN - (sizeof STAMP_TAIL - 1), STAMP_TAIL,
                  sizeof STAMP_TAIL - 1) == 0;
}

int bk_stamp_matches(const bk_sha256 *prefix, const char *data, size_t len)
{
    size_t head = declaration_end(data, len);
    if (!bk_stamp_present(data, len))
        return 0;
    char hex[65];
    if (digest(prefix, data, head, data + head + STAMP_LEN, len - head - STAMP_LEN, hex) != 0)
        return 0;
    return memcmp(hex, data + head + sizeof STAMP_HEAD - 1, 64) == 0;
}
