/* replay.c — runs a libFuzzer target once over given inputs, without
 * libFuzzer: each FILE argument, or every file in each FOLDER argument (in
 * name order). `make check` builds the targets with cc and ASan/UBSan
 * against this driver and replays the seed corpus (tests/fuzz/corpus/T/)
 * and every input that once broke a target (tests/fuzz/regress/T/), so a
 * fixed fuzz finding stays fixed without clang.
 * Prints "replay: N inputs"; a finding aborts (non-zero exit).
 * usage: fuzz_T FILE|FOLDER... */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static size_t count;

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf)
            abort();
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    fclose(f);
    /* an exact-size copy, so ASan sees reads past the input's end */
    uint8_t *data = malloc(n ? n : 1);
    if (!data)
        abort();
    memcpy(data, buf, n);
    free(buf);
    fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    count++;
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    int bad = 0;
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            perror(argv[i]);
            bad = 1;
            continue;
        }
        if (!S_ISDIR(sb.st_mode)) {
            bad |= run_file(argv[i]) != 0;
            continue;
        }
        struct dirent **e = NULL;
        int n = scandir(argv[i], &e, NULL, by_name);
        for (int k = 0; k < n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e[k]->d_name);
            if (e[k]->d_name[0] != '.' && stat(path, &sb) == 0 &&
                S_ISREG(sb.st_mode))
                bad |= run_file(path) != 0;
            free(e[k]);
        }
        free(e);
    }
    printf("replay: %zu inputs\n", count);
    return bad;
}
