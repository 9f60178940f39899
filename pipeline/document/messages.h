/* messages.h — message catalogs: the words the program itself writes
 * (legend entries, month names, date patterns, unit words), one XML file
 * per language under ROOT/messages/ (docs/MESSAGES.md):
 *
 *   <messages xml:lang="vi">
 *     <msg id="map.symbol.city">thành phố</msg>
 *   </messages>
 *
 * A language tag (BCP 47) picks its catalog: zh, zh-Hans*, zh-CN, zh-SG
 * -> zh-Hans; zh-Hant*, zh-TW, zh-HK, zh-MO -> zh-Hant; otherwise the
 * tag's own file, then its primary subtag's (vi-VN -> vi), then en. An id
 * missing from the chosen catalog is looked up in en.xml.
 *
 * Ownership: bk_messages_load returns a catalog freed with
 * bk_messages_free (NULL accepted); strings it returns live as long as it.
 */
#ifndef BK_MESSAGES_H
#define BK_MESSAGES_H

#include "bk.h"

typedef struct bk_messages bk_messages;

/* Loads the catalog for `tag` from ROOT/messages/ (root: the program's data
 * root, see docs/MESSAGES.md). Errors: en.xml missing (BK_EINPUT), a
 * malformed catalog (BK_EINPUT with file:line). */
bk_status bk_messages_load(bk_ctx *ctx, const char *root, const char *tag,
                           bk_messages **out);
void bk_messages_free(bk_messages *m);

/* The catalog's language ("en", "vi", "zh-Hans", "zh-Hant", ...). */
const char *bk_messages_lang(const bk_messages *m);

/* The message `id`, or NULL when neither the catalog nor en.xml has it. */
const char *bk_messages_get(const bk_messages *m, const char *id);

/* Appends message `id` to out with its {name} placeholders replaced:
 * args holds name, value pairs and ends with NULL. An unknown placeholder
 * is copied as it is. Returns BK_EINPUT (recorded) when the id is
 * missing, BK_EINTERNAL when out of memory. */
bk_status bk_messages_format(bk_ctx *ctx, const bk_messages *m, const char *id,
                             const char *const *args, bk_buf *out);

/* The catalog language a tag falls back to before trying files: "zh-Hans"
 * or "zh-Hant" for Chinese tags, else NULL. */
const char *bk_messages_chinese(const char *tag);

#endif
