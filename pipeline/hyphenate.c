/* hyphenate.c — the libhyphen adapter (see hyphenate.h). */
#include "hyphenate.h"

#include <ctype.h>
#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

struct bk_hyphenator {
    HyphenDict *dict;
};

bk_status bk_hyphenator_new(bk_ctx *ctx, const char *dict_path,
                            bk_hyphenator **out)
{
    *out = NULL;
    bk_hyphenator *h = calloc(1, sizeof(*h));
    if (!h)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, dict_path, 0, 0,
                             "out of memory");
    h->dict = hnj_hyphen_load(dict_path);
    if (!h->dict) {
        free(h);
        return bk_diag_error(ctx->diag, BK_EINPUT, dict_path, 0, 0,
                             "cannot load hyphenation patterns (is "
                             "hyphen-en-us installed?)");
    }
    *out = h;
    return BK_OK;
}

void bk_hyphenator_free(bk_hyphenator *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
    free(h);
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
        if (!isalpha((unsigned char)word[i]) || (unsigned char)word[i] > 127)
            return 0;
        /* The patterns are lower case. */
        lower[i] = (char)tolower((unsigned char)word[i]);
    }
    lower[len] = '\0';
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(h->dict, lower, (int)len, hyph, NULL, &rep, &pos,
                              &cut, left, right, left, right) != 0)
        goto done;
    for (size_t i = 0; i + 1 < len; i++) {
        /* Odd values mark points; respect the minimums ourselves too, as
         * the patterns' own limits may be looser. */
        if ((hyph[i] & 1) && (int)i + 1 >= left && (int)(len - i - 1) >= right) {
            points[i] = 1;
            n++;
        }
    }
done:
    if (rep) {
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return n;
}
