#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

/// SHA-256 of `length` bytes at `data` into `digest` (32 bytes) through libcrypto's low-level
/// SHA-256, which needs no provider: OpenSSL 3's EVP and one-shot `SHA256()` set up the default
/// provider at the first call (≈ 1.9 MB of resident memory for a process that never uses TLS).
/// The low-level functions are deprecated in OpenSSL 3 (not removed); the warning is kept here.
static inline void lnp_sha256(const void *data, size_t length, unsigned char *digest) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, data, length);
    SHA256_Final(digest, &context);
    OPENSSL_cleanse(&context, sizeof(context));
#pragma GCC diagnostic pop
}
#endif
