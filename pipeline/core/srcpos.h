/* srcpos.h — the column of an attribute in a source file, for messages.
 *
 * The tree keeps only each element's line (libxml2 records no columns),
 * so a message that should point at an attribute finds it again in the
 * file. Nothing is owned across calls.
 */
#ifndef BK_SRCPOS_H
#define BK_SRCPOS_H

#include <stddef.h>

/* The 1-based column (in bytes) where `attr="` starts on line `line` of
 * `file`, looking back a few lines for a start tag that spans several
 * (libxml2 gives the line where the tag ends); *line is moved to where it
 * was found. With attr NULL, the column of the line's first '<'. 0 when
 * the file cannot be read or nothing matches (then *line is unchanged). */
long bk_srcpos_attr_col(const char *file, long *line, const char *attr);

/* Same, for the n-th (0-based) space-separated token of the attribute's
 * value: points at one target of a list such as target="#a #b". */
long bk_srcpos_token_col(const char *file, long *line, const char *attr, size_t n);

/* The 1-based column, in characters, of the first `utf8` (one encoded
 * character) on line *line of `file` or on one of the few lines after it (a
 * paragraph of a plain-text source spans several); *line is moved to the
 * line where it was found. 0 when it is not found there (an XML character
 * reference, text changed by clean-up rules). */
long bk_srcpos_char_col(const char *file, long *line, const char *utf8);

#endif
