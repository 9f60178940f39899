/* rules.h — declared per-source edits for ingest (private to ingest).
 *
 * A rules file is a reviewable text file beside its source (format in
 * docs/TEI.md). Two kinds of rule:
 *   replace ID "FROM" -> "TO" [CONDITION...]   literal replacement
 *   mark ID ROLE (line=N | lines=A-B | starts="TEXT")
 *                                             force a line's structure role
 * Replacements apply in file order, each over the whole text, to
 * non-overlapping matches from left to right; conditions look at the
 * characters just before and after the match (on the same line) and at
 * the line number. Every applied match is logged with the position it had
 * in the text before any rule ran.
 */
#ifndef BK_RULES_H
#define BK_RULES_H

#include "bk.h"

/* Character classes a condition can test. */
typedef enum {
    BK_CLASS_HAN,   /* Han ideographs */
    BK_CLASS_CJK,   /* Han plus CJK punctuation and full-width forms */
    BK_CLASS_DIGIT, /* 0-9 and full-width digits */
    BK_CLASS_LATIN, /* letters of the Latin script */
    BK_CLASS_LETTER,/* any letter (anything with a script that is not
                       Common or Inherited) */
    BK_CLASS_SPACE, /* white space */
    BK_CLASS_PUNCT, /* ASCII and CJK punctuation */
    BK_CLASS_EDGE,  /* start or end of the line */
    BK_CLASS_ANY
} bk_char_class;

typedef enum {
    BK_COND_BEFORE,  /* the character before the match is in class a */
    BK_COND_AFTER,   /* the character after */
    BK_COND_BETWEEN, /* before in a and after in b, or before in b and
                        after in a (a == b: both sides in a) */
    BK_COND_NEAR     /* at least one side in a */
} bk_cond_kind;

typedef struct bk_rule_cond {
    bk_cond_kind kind;
    bk_char_class a, b;
    int neg_a, neg_b; /* "!class": must not be in the class */
} bk_rule_cond;

typedef enum { BK_RULE_REPLACE, BK_RULE_MARK } bk_rule_kind;

#define BK_RULE_MAX_CONDS 8

typedef struct bk_rule {
    bk_rule_kind kind;
    char *id;        /* NCName characters, unique in the file */
    char *from, *to; /* replace: NFC-normalised literal strings */
    char *role;      /* mark: title, heading, paragraph, caption, hatnote */
    char *starts;    /* mark: lines starting with this text (NFC) */
    long line_lo, line_hi; /* 0 = any line */
    bk_rule_cond conds[BK_RULE_MAX_CONDS];
    size_t nconds;
    long src_line;   /* line of the rule in the rules file */
    char *source;    /* the rule as written (comment removed) */
} bk_rule;

typedef struct bk_rules {
    bk_rule *v;
    size_t n;
    char *path;
    char sha256[65]; /* of the file as read */
} bk_rules;

/* Parses a rules file held in memory; `path` names it in messages. */
bk_status bk_rules_parse(bk_ctx *ctx, const char *path, const char *data,
                         size_t len, bk_rules **out);
/* Reads and parses a rules file. */
bk_status bk_rules_load(bk_ctx *ctx, const char *path, bk_rules **out);
void bk_rules_free(bk_rules *r);

/* Text being edited: each byte remembers the offset it came from in the
 * text before the rules ran (a replacement's bytes take the offset of the
 * start of the match), so changes and lint can report source positions. */
typedef struct bk_otext {
    char *s;        /* NUL-terminated */
    size_t len;
    size_t *origin; /* len entries */
    size_t cap;     /* bytes allocated for s, entries for origin */
} bk_otext;

/* Makes an otext of s[0..n) where every byte is its own origin. */
int bk_otext_init(bk_otext *t, const char *s, size_t n);
void bk_otext_release(bk_otext *t);

/* One applied replacement, or (before == NULL) a summary: `more` further
 * matches of the rule, not listed one by one, the first at `origin`. */
typedef struct bk_change {
    const bk_rule *rule;
    size_t origin; /* offset of the match in the text before the rules */
    const char *before, *after; /* the rule's from and to (not owned) */
    size_t more;
} bk_change;

/* Matches listed one by one in the log: per rule and in all (README,
 * "Limits"); further matches are counted on one summary entry per rule. */
#define BK_RULES_LOG_PER_RULE 1000
#define BK_RULES_LOG_TOTAL 10000

typedef struct bk_changes {
    bk_change *v;
    size_t n, cap;
} bk_changes;

void bk_changes_release(bk_changes *c);

/* Work the replace rules may do: the sum, over the replace rules, of the
 * text's size when each is applied, plus BK_RULES_MATCH_WORK per match
 * (README, "Limits"). */
#define BK_MAX_RULES_WORK (256u << 20)
#define BK_RULES_MATCH_WORK 16u
/* Rules in one file. */
#define BK_MAX_RULES 1000

/* Applies every replace rule, in order, to t; logs each change. Refuses
 * (naming the rule) a rule that would make the text longer than
 * BK_MAX_SOURCE_BYTES or a line longer than BK_MAX_PARAGRAPH_BYTES, and
 * rules whose work passes BK_MAX_RULES_WORK. */
bk_status bk_rules_apply(bk_ctx *ctx, const bk_rules *rules, bk_otext *t,
                         bk_changes *log);

/* Class membership of a code point, for the rules and for lint. */
int bk_char_in_class(uint32_t cp, bk_char_class cls);

#endif
