/* align_private.h — what the files of align/ share (the API is align.h).
 *
 *   align_lexicon.c  the lexicon: catalogs' date patterns and number words,
 *                    glossary and places names
 *   align_anchor.c   anchors of a text: dates, numbers, names
 *   align_text.c     texts as units (sentences), rarity, pair scores
 *   align_dp.c       the dynamic programme and the links of several texts
 *   align_write.c    the alignment file
 *   align_check.c    --check and the build's check
 */
#ifndef BK_ALIGN_PRIVATE_H
#define BK_ALIGN_PRIVATE_H

#include <stdio.h>

#include "align.h"

enum { T_LIT, T_DAY, T_MONTH, T_MNAME, T_YEAR };
enum { W_MONTH, W_FACTOR };

#define LEX_MAX_TOKENS 12
#define LEX_MAX_PATTERNS 8

typedef struct ptok {
    int kind;
    char *lit; /* T_LIT only */
} ptok;

typedef struct lex_pattern {
    ptok t[LEX_MAX_TOKENS];
    int n;
} lex_pattern;

typedef struct lex_word {
    char *word;
    size_t len;
    int value; /* the month 1-12, or the power of ten of a factor */
    int kind;  /* W_MONTH, W_FACTOR */
} lex_word;

typedef struct lex_lang {
    char *lang;
    lex_pattern pats[LEX_MAX_PATTERNS]; /* most precise first */
    int npats;
    lex_word *words;
    size_t nwords, capwords;
} lex_lang;

typedef struct lex_name {
    char *text, *key;
    size_t len;
    int latin; /* written in Latin letters: matched as a whole word */
} lex_name;

struct bk_lexicon {
    lex_lang *langs;
    size_t nlangs, caplangs;
    lex_name *names;     /* sorted by their first byte */
    size_t nnames, capnames;
    size_t first[257];   /* names[first[c]..first[c+1]) start with byte c */
};

/* The lexicon's language for a tag (exact, else the same primary
 * language), or NULL. */
const lex_lang *bk_lexicon_lang(const bk_lexicon *lx, const char *lang);

#endif
