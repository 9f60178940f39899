/* hyphenate.c — the libhyphen adapter (see hyphenate.h).
 *
 * Loading a dictionary into libhyphen builds its whole state machine (for
 * hyphen-en-us some 37 million instructions, ~5 ms, more than the
 * hyphenation of a booklet), so the words we hyphenate (plain ASCII
 * letters) are matched by our own code against the same pattern file,
 * read into a hash table of the pattern strings and their prefixes in a
 * tenth of the time. It gives libhyphen's results exactly:
 *
 * - libhyphen runs an automaton whose states are the prefixes of the
 *   patterns; after each character of ".word." the state is the longest
 *   suffix of the text read so far that is such a prefix, and only that
 *   state's own pattern (if it is one) applies there (Debian's pattern
 *   files are preprocessed so that each pattern holds the values of the
 *   patterns inside it). We find the same state by looking the suffixes
 *   up in the table, longest first.
 * - a value applies as the larger of the old and the new; an odd value
 *   marks a point; the last pattern of a string read wins.
 * - a dictionary without NEXTLEVEL gets libhyphen's default first level
 *   (hyphens and apostrophes), which never matches a word of letters;
 *   the minimums are the larger of the caller's and the file's
 *   LEFTHYPHENMIN / RIGHTHYPHENMIN (2 when neither gives one).
 *
 * A file that uses what this does not handle (NEXTLEVEL, non-standard
 * "/" patterns, lines libhyphen would read in pieces) is loaded into
 * libhyphen and hyphenated by it, as before.
 *
 * A text uses the same words again and again (and the page search sets a
 * paragraph more than once): the matcher's values for a word are kept in
 * a direct-mapped memo of recent words, before the minimums, which each
 * call applies.
 */
#include "hyphenate.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

/* One string of the table: a pattern, or only the prefix of one. Keys
 * and values live in the arena, where offset 0 is never used. */
typedef struct pat_slot {
    uint32_t key;    /* offset of the key in the arena; 0 = empty slot */
    uint32_t values; /* offset of its klen + 1 values; 0 = only a prefix */
    uint32_t klen;
} pat_slot;

/* One remembered word (lower case) and the matcher's values for it. */
#define MEMO_SLOTS 4096 /* a power of two: some 230 kB */
#define MEMO_WORD 24    /* longer words are matched each time */
typedef struct word_memo {
    uint32_t hash;
    unsigned char len; /* 0: empty */
    char word[MEMO_WORD];
    unsigned char hyph[MEMO_WORD];
} word_memo;

struct bk_hyphenator {
    HyphenDict *dict;  /* libhyphen, when the file needs it */
    word_memo *memo;   /* MEMO_SLOTS, allocated at the first word */
    /* our own matcher */
    char *arena;       /* keys and values; offset 0 is unused */
    size_t narena;
    pat_slot *slots;
    size_t mask;       /* slots - 1, a power of two minus one */
    size_t used;       /* slots in use, at most half of them */
    int lhmin, rhmin;  /* LEFTHYPHENMIN / RIGHTHYPHENMIN of the file */
};

/* A polynomial hash, H(s) = s[0] + B s[1] + B^2 s[2] + ... (mod 2^32):
 * the matcher looks up the suffixes of the text read so far, each one
 * byte longer at its front (H = c + B H), and loading adds the prefixes
 * of each pattern, each one byte longer at its end (H += c B^n): both
 * take one step per byte, where hashing every string anew took a
 * string's length. */
#define HASH_B 16777619u
#define HASH_FRONT(h, c) ((unsigned char)(c) + HASH_B * (h))

static uint32_t hash_key(const char *s, size_t n)
{
    uint32_t h = 0;
    for (size_t i = n; i-- > 0;)
        h = HASH_FRONT(h, s[i]);
    return h;
}

/* The slot of key s[0..n) whose hash_key is hash, or the empty slot
 * where it would go. The hash is mixed first: its low bits alone depend
 * mostly on the first bytes. */
static pat_slot *slot_find_hashed(const bk_hyphenator *h, const char *s, size_t n,
                                  uint32_t hash)
{
    hash ^= hash >> 15;
    hash *= 0x2c1b3c6du;
    hash ^= hash >> 12;
    for (size_t i = hash & h->mask;; i = (i + 1) & h->mask) {
        pat_slot *p = &h->slots[i];
        if (!p->key ||
            (p->klen == n && memcmp(h->arena + p->key, s, n) == 0))
            return p;
    }
}

/* Doubles the table. Returns -1 when out of memory. */
static int grow(bk_hyphenator *h)
{
    size_t n = 2 * (h->mask + 1);
    pat_slot *old = h->slots, *slots = calloc(n, sizeof(*slots));
    if (!slots)
        return -1;
    size_t oldn = h->mask + 1;
    h->slots = slots;
    h->mask = n - 1;
    for (size_t i = 0; i < oldn; i++)
        if (old[i].key)
            *slot_find_hashed(h, h->arena + old[i].key, old[i].klen,
                              hash_key(h->arena + old[i].key, old[i].klen)) = old[i];
    free(old);
    return 0;
}

/* Adds key[0..n) (a prefix of a pattern, whose key starts at koff in the
 * arena; hash its hash_key) unless it is in; returns its slot, NULL when
 * out of memory. */
static pat_slot *add_key(bk_hyphenator *h, const char *key, size_t n,
                         uint32_t koff, uint32_t hash)
{
    if (2 * (h->used + 1) > h->mask + 1 && grow(h) < 0)
        return NULL;
    pat_slot *p = slot_find_hashed(h, key, n, hash);
    if (!p->key) {
        p->key = koff;
        p->klen = (uint32_t)n;
        h->used++;
    }
    return p;
}

/* Adds a pattern (key and its klen + 1 values) and its prefixes. The
 * arena was sized for the whole file. Returns -1 when out of memory. */
static int add_pattern(bk_hyphenator *h, const char *key, size_t klen,
                       const unsigned char *values)
{
    uint32_t koff = (uint32_t)h->narena;
    memcpy(h->arena + h->narena, key, klen);
    h->narena += klen;
    uint32_t ph[MAX_CHARS + 1], power = 1; /* ph[n]: hash_key of key[0..n) */
    ph[0] = 0;
    for (size_t n = 0; n < klen; n++, power *= HASH_B)
        ph[n + 1] = ph[n] + (unsigned char)key[n] * power;
    pat_slot *p = add_key(h, key, klen, koff, ph[klen]);
    if (!p)
        return -1;
    /* the last pattern with this key wins, as in libhyphen */
    p->values = (uint32_t)h->narena;
    memcpy(h->arena + h->narena, values, klen + 1);
    h->narena += klen + 1;
    for (size_t n = klen - 1; n > 0; n--) {
        size_t before = h->used;
        if (!add_key(h, key, n, koff, ph[n]))
            return -1;
        if (h->used == before)
            break; /* it was in, and so are its prefixes */
    }
    return 0;
}

/* Reads the pattern file for our matcher. Returns 1 when done, 0 when
 * the file needs libhyphen, -1 when out of memory. */
static int load_patterns(bk_hyphenator *h, const char *data, size_t len)
{
    /* libhyphen reads the first line (the character set) into MAX_NAME
     * bytes and every other line into MAX_CHARS: longer ones would be
     * read in pieces. */
    const char *p = data, *end = data + len;
    const char *nl = memchr(p, '\n', len);
    if (!nl || nl - p >= MAX_NAME - 1)
        return 0;
    if (len > UINT32_MAX / 4)
        return 0;
    size_t slots = 1u << 15; /* hyphen-en-us: 15,610 strings, no growth */
    h->slots = calloc(slots, sizeof(*h->slots));
    h->arena = malloc(2 * len + 2);
    if (!h->slots || !h->arena)
        return -1;
    h->mask = slots - 1;
    h->narena = 1;
    for (p = nl + 1; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        size_t n = (size_t)(nl - p);
        if (n + 1 >= MAX_CHARS || memchr(p, '/', n) || (n >= 9 && memcmp(p, "NEXTLEVEL", 9) == 0))
            return 0;
        if (n >= 13 && memcmp(p, "LEFTHYPHENMIN", 13) == 0) {
            h->lhmin = atoi(p + 13);
            continue;
        }
        if (n >= 14 && memcmp(p, "RIGHTHYPHENMIN", 14) == 0) {
            h->rhmin = atoi(p + 14);
            continue;
        }
        if (n == 0 || p[0] == '%' ||
            (n >= 21 && memcmp(p, "COMPOUNDLEFTHYPHENMIN", 21) == 0) ||
            (n >= 22 && memcmp(p, "COMPOUNDRIGHTHYPHENMIN", 22) == 0) ||
            (n >= 8 && memcmp(p, "NOHYPHEN", 8) == 0))
            continue; /* the compound and no-hyphen settings of this level
                         never apply to a word of letters */
        /* "a1b2c": key "abc", values 0 1 2 0 (before each character and
         * after the last); the pattern ends at the first blank */
        char key[MAX_CHARS];
        unsigned char values[MAX_CHARS + 1];
        size_t k = 0;
        values[0] = 0;
        for (size_t i = 0; i < n && (unsigned char)p[i] > ' '; i++) {
            if (p[i] >= '0' && p[i] <= '9') {
                values[k] = (unsigned char)(p[i] - '0');
            } else {
                key[k++] = p[i];
                values[k] = 0;
            }
        }
        if (k > 0 && add_pattern(h, key, k, values) < 0)
            return -1;
    }
    return 1;
}

bk_status bk_hyphenator_new(bk_ctx *ctx, const char *dict_path,
                            bk_hyphenator **out)
{
    bk_status st = BK_OK;
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    bk_hyphenator *h = calloc(1, sizeof(*h));
    if (!h)
        goto oom;
    /* a pattern file is some 100 kB; 4 MB is far more than any. Read here,
     * through the one opener: libhyphen only ever gets the buffer. */
    if ((st = bk_file_read(ctx, dict_path, 4u << 20, &data, &len)) != BK_OK)
        goto done;
    int r = load_patterns(h, data, len);
    if (r < 0)
        goto oom;
    if (r > 0)
        goto done;
    /* not for us: libhyphen decides, from the same bytes */
    free(h->slots);
    free(h->arena);
    h->slots = NULL;
    h->arena = NULL;
    FILE *mem = len ? fmemopen(data, len, "r") : NULL;
    h->dict = mem ? hnj_hyphen_load_file(mem) : NULL;
    if (mem)
        fclose(mem);
    if (!h->dict) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, dict_path, 0, 0,
                           "cannot load hyphenation patterns (is "
                           "hyphen-en-us installed?)");
        goto done;
    }
    goto done;
oom:
    st = bk_diag_error(ctx->diag, BK_EINTERNAL, dict_path, 0, 0,
                       "out of memory");
done:
    free(data);
    if (st != BK_OK) {
        bk_hyphenator_free(h);
        h = NULL;
    }
    *out = h;
    return st;
}

void bk_hyphenator_free(bk_hyphenator *h)
{
    if (!h)
        return;
    if (h->dict)
        hnj_hyphen_free(h->dict);
    free(h->slots);
    free(h->arena);
    free(h->memo);
    free(h);
}

/* Our matcher: hyph[i] odd when the word lower[0..len) may break after
 * byte i (before the minimums are applied). */
static void match_word(const bk_hyphenator *h, const char *lower, size_t len,
                       unsigned char *hyph)
{
    char w[104];
    unsigned char v[104] = {0}; /* v[x]: the value after w[x] */
    size_t n = len + 2, state = 0;
    w[0] = '.';
    memcpy(w + 1, lower, len);
    w[len + 1] = '.';
    for (size_t i = 0; i < n; i++) {
        /* the longest suffix of w[0..i] that is a pattern's prefix: at
         * most one character longer than the previous state */
        const pat_slot *p = NULL;
        uint32_t hs[104]; /* hs[l]: hash_key of the suffix of length l */
        hs[0] = 0;
        for (size_t l = 1; l <= state + 1; l++)
            hs[l] = HASH_FRONT(hs[l - 1], w[i + 1 - l]);
        size_t l = state + 1;
        for (; l > 0; l--) {
            p = slot_find_hashed(h, w + i + 1 - l, l, hs[l]);
            if (p->key)
                break;
        }
        state = l;
        if (l == 0 || !p->values)
            continue;
        /* value m goes before w[i + 1 - l + m], i.e. after w[i - l + m] */
        const unsigned char *val = (const unsigned char *)h->arena + p->values;
        for (size_t m = 0; m <= l; m++) {
            if (i + m < l)
                continue; /* before the leading dot: nothing there */
            size_t x = i - l + m;
            if (val[m] > v[x])
                v[x] = val[m];
        }
    }
    for (size_t i = 0; i < len; i++)
        hyph[i] = v[i + 1];
}

/* match_word through the memo. Out of memory only costs the memo. */
static void match_word_memo(bk_hyphenator *h, const char *lower, size_t len,
                            unsigned char *hyph)
{
    if (len >= MEMO_WORD || (!h->memo && !(h->memo = calloc(MEMO_SLOTS, sizeof(*h->memo))))) {
        match_word(h, lower, len, hyph);
        return;
    }
    uint32_t hash = hash_key(lower, len);
    word_memo *m = &h->memo[(hash ^ (hash >> 16)) & (MEMO_SLOTS - 1)];
    if (m->len != len || m->hash != hash || memcmp(m->word, lower, len) != 0) {
        match_word(h, lower, len, m->hyph);
        memcpy(m->word, lower, len);
        m->len = (unsigned char)len;
        m->hash = hash;
    }
    memcpy(hyph, m->hyph, len);
}

int bk_hyphenator_points(bk_hyphenator *h, const char *word, size_t len,
                         int left, int right, unsigned char *points)
{
    char lower[104], hyph[112];
    int n = 0;
    memset(points, 0, len);
    if (len < (size_t)(left + right) || len > 100)
        return 0;
    for (size_t i = 0; i < len; i++) {
        /* ASCII letters only (isalpha and tolower in the C locale, which
         * the program never leaves, without a call each); the patterns
         * are lower case */
        unsigned char c = (unsigned char)word[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + ('a' - 'A'));
        else if (!(c >= 'a' && c <= 'z'))
            return 0;
        lower[i] = (char)c;
    }
    lower[len] = '\0';
    if (!h->dict) {
        /* the minimums as libhyphen takes them: the larger of ours and
         * the file's, 2 when neither is set */
        int lmin = left > h->lhmin ? left : h->lhmin;
        int rmin = right > h->rhmin ? right : h->rhmin;
        left = lmin > 0 ? lmin : 2;
        right = rmin > 0 ? rmin : 2;
        match_word_memo(h, lower, len, (unsigned char *)hyph);
        goto points;
    }
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int failed = hnj_hyphen_hyphenate3(h->dict, lower, (int)len, hyph, NULL,
                                       &rep, &pos, &cut, left, right, left,
                                       right) != 0;
    if (rep) {
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    if (failed)
        return 0;
points:
    for (size_t i = 0; i + 1 < len; i++) {
        /* Odd values mark points; respect the minimums ourselves too, as
         * the patterns' own limits may be looser. */
        if ((hyph[i] & 1) && (int)i + 1 >= left && (int)(len - i - 1) >= right) {
            points[i] = 1;
            n++;
        }
    }
    return n;
}
