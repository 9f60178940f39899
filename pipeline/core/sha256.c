/* sha256.c — SHA-256 (see sha256.h): one-shot, or fed in pieces (a
 * digest over several buffers without copying them into one). A build
 * hashes every stamped TEI document it reads (stamp.h): the blocks go
 * through the x86 SHA instructions where the processor has them, else
 * through unrolled C. */
#include "sha256.h"

#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* Big-endian load, written so that compilers make it one load and a byte
 * swap. */
static uint32_t load_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Schedule word i (16 and up) from the 16 before it, kept in a ring. */
#define SCHED(w, i)                                                                      \
    (w[(i) & 15] += (ROR(w[((i) - 2) & 15], 17) ^ ROR(w[((i) - 2) & 15], 19) ^           \
                     (w[((i) - 2) & 15] >> 10)) +                                        \
                    w[((i) - 7) & 15] +                                                  \
                    (ROR(w[((i) - 15) & 15], 7) ^ ROR(w[((i) - 15) & 15], 18) ^          \
                     (w[((i) - 15) & 15] >> 3)))

/* One round, the working variables named by position instead of moved:
 * the caller turns the names. Sigma1(e) = ROR(e,6)^ROR(e,11)^ROR(e,25)
 * and Sigma0(a) = ROR(a,2)^ROR(a,13)^ROR(a,22), nested so that e and a
 * are copied once; Ch and Maj in their three- and four-operation forms. */
#define ROUND(a, b, c, d, e, f, g, h, k, x)                                              \
    do {                                                                                 \
        uint32_t t1 = h + ROR(ROR(ROR(e, 14) ^ e, 5) ^ e, 6) + (g ^ (e & (f ^ g))) +     \
                      (k) + (x);                                                         \
        uint32_t t2 = ROR(ROR(ROR(a, 9) ^ a, 11) ^ a, 2) + ((a & b) | (c & (a | b)));    \
        d += t1;                                                                         \
        h = t1 + t2;                                                                     \
    } while (0)

/* Eight rounds from round i on: one full turn of the names. */
#define ROUNDS8(i, W)                                                                    \
    do {                                                                                 \
        ROUND(a, b, c, d, e, f, g, h, K[(i) + 0], W((i) + 0));                           \
        ROUND(h, a, b, c, d, e, f, g, K[(i) + 1], W((i) + 1));                           \
        ROUND(g, h, a, b, c, d, e, f, K[(i) + 2], W((i) + 2));                           \
        ROUND(f, g, h, a, b, c, d, e, K[(i) + 3], W((i) + 3));                           \
        ROUND(e, f, g, h, a, b, c, d, K[(i) + 4], W((i) + 4));                           \
        ROUND(d, e, f, g, h, a, b, c, K[(i) + 5], W((i) + 5));                           \
        ROUND(c, d, e, f, g, h, a, b, K[(i) + 6], W((i) + 6));                           \
        ROUND(b, c, d, e, f, g, h, a, K[(i) + 7], W((i) + 7));                           \
    } while (0)

#define W_LOAD(i) (w[i] = load_be32(p + 4 * (i)))
#define W_NEXT(i) SCHED(w, i)

/* n blocks of 64 bytes, in portable C: rounds unrolled, the schedule
 * computed as they need it. */
static void blocks_c(uint32_t hs[8], const unsigned char *p, size_t n)
{
    for (; n > 0; n--, p += 64) {
        uint32_t w[16];
        uint32_t a = hs[0], b = hs[1], c = hs[2], d = hs[3], e = hs[4], f = hs[5],
                 g = hs[6], h = hs[7];
        ROUNDS8(0, W_LOAD);
        ROUNDS8(8, W_LOAD);
        for (int i = 16; i < 64; i += 16) {
            ROUNDS8(i, W_NEXT);
            ROUNDS8(i + 8, W_NEXT);
        }
        hs[0] += a, hs[1] += b, hs[2] += c, hs[3] += d;
        hs[4] += e, hs[5] += f, hs[6] += g, hs[7] += h;
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* n blocks with the x86 SHA extensions (sha256rnds2: two rounds an
 * instruction; sha256msg1/2: the schedule), where the processor has them
 * (bk_sha256_update asks): the same digest, some ten times faster. The
 * state is kept as ABEF and CDGH, the order the instructions use. */
__attribute__((target("sha,sse4.1"))) static void blocks_shani(uint32_t hs[8],
                                                                const unsigned char *p,
                                                                size_t n)
{
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hs[0]), 0xB1);
    __m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hs[4]), 0x1B);
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);
    s1 = _mm_blend_epi16(s1, t, 0xF0);
    for (; n > 0; n--, p += 64) {
        __m128i save0 = s0, save1 = s1, w[4];
        for (int j = 0; j < 4; j++)
            w[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * j)), swap);
        for (int j = 0; j < 16; j++) {
            __m128i msg = _mm_add_epi32(w[j & 3], _mm_loadu_si128((const __m128i *)&K[4 * j]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(msg, 0x0E));
            if (j < 12) { /* words 4j+16 .. 4j+19 */
                __m128i m = _mm_sha256msg1_epu32(w[j & 3], w[(j + 1) & 3]);
                m = _mm_add_epi32(m, _mm_alignr_epi8(w[(j + 3) & 3], w[(j + 2) & 3], 4));
                w[j & 3] = _mm_sha256msg2_epu32(m, w[(j + 3) & 3]);
            }
        }
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
    }
    t = _mm_shuffle_epi32(s0, 0x1B);
    s1 = _mm_shuffle_epi32(s1, 0xB1);
    _mm_storeu_si128((__m128i *)&hs[0], _mm_blend_epi16(t, s1, 0xF0));
    _mm_storeu_si128((__m128i *)&hs[4], _mm_alignr_epi8(s1, t, 8));
}

static void blocks(uint32_t hs[8], const unsigned char *p, size_t n)
{
    if (__builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1"))
        blocks_shani(hs, p, n);
    else
        blocks_c(hs, p, n);
}
#else
static void blocks(uint32_t hs[8], const unsigned char *p, size_t n) { blocks_c(hs, p, n); }
#endif

void bk_sha256_init(bk_sha256 *c)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof h0);
    c->len = 0;
    c->nbuf = 0;
}

void bk_sha256_update(bk_sha256 *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    c->len += len;
    if (c->nbuf) {
        size_t take = 64 - c->nbuf < len ? 64 - c->nbuf : len;
        memcpy(c->buf + c->nbuf, p, take);
        c->nbuf += take, p += take, len -= take;
        if (c->nbuf < 64)
            return;
        blocks(c->h, c->buf, 1);
        c->nbuf = 0;
    }
    blocks(c->h, p, len / 64);
    p += len / 64 * 64;
    len %= 64;
    memcpy(c->buf, p, len);
    c->nbuf = len;
}

void bk_sha256_final_hex(bk_sha256 *c, char hex[65])
{
    /* The tail, the 0x80 marker and the bit length: one or two blocks. */
    unsigned char tail[128] = {0};
    size_t left = c->nbuf;
    memcpy(tail, c->buf, left);
    tail[left] = 0x80;
    size_t tl = left + 9 <= 64 ? 64 : 128;
    uint64_t bits = c->len * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    blocks(c->h, tail, tl / 64);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        unsigned char byte = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));
        hex[2 * i] = digits[byte >> 4];
        hex[2 * i + 1] = digits[byte & 15];
    }
    hex[64] = '\0';
}

void bk_sha256_hex(const void *data, size_t len, char hex[65])
{
    bk_sha256 c;
    bk_sha256_init(&c);
    bk_sha256_update(&c, data, len);
    bk_sha256_final_hex(&c, hex);
}
