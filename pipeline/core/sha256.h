/* sha256.h — SHA-256 (FIPS 180-4), small and dependency-free: ingest
 * records the checksum of each source and rules file in the TEI header. */
#ifndef BK_SHA256_H
#define BK_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Writes the digest of data[0..len) as 64 lowercase hex digits and a NUL
 * into hex (at least 65 bytes). */
void bk_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
