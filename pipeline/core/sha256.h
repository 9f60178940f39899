/* sha256.h — SHA-256 (FIPS 180-4), small and dependency-free: ingest
 * records the checksum of each source and rules file in the TEI header,
 * and stamps what it writes (stamp.h). */
#ifndef BK_SHA256_H
#define BK_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Writes the digest of data[0..len) as 64 lowercase hex digits and a NUL
 * into hex (at least 65 bytes). */
void bk_sha256_hex(const void *data, size_t len, char hex[65]);

/* The same digest fed in pieces: init, update any number of times, then
 * final (which leaves the state spent). */
typedef struct bk_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t nbuf;
} bk_sha256;
void bk_sha256_init(bk_sha256 *c);
void bk_sha256_update(bk_sha256 *c, const void *data, size_t len);
void bk_sha256_final_hex(bk_sha256 *c, char hex[65]);

#endif
