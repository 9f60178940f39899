/* map-alt.c — what a map shows, for its alternate text in tagged PDF
 * (map.h): its title and the names of the places its main view labels. */
#include "map-int.h"

#include <string.h>

const char *bk_map_title(const bk_map_spec *spec, const char *lang)
{
    return spec ? bk_map_text_get(&spec->title, lang) : NULL;
}

size_t bk_map_place_names(const bk_map_spec *spec, const char *lang, const char **names,
                          size_t max)
{
    size_t n = 0;
    for (size_t i = 0; spec && i < spec->main.nplaces && n < max; i++) {
        const place_def *d = &spec->main.places[i];
        if (!d->p)
            continue;
        const char *name = bk_map_place_name(spec, d->p, lang);
        int seen = !name || !*name;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(names[k], name) == 0;
        if (!seen)
            names[n++] = name;
    }
    return n;
}
