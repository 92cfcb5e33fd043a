#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

/// Process-wide SQLite settings, applied before the first connection opens (SQLITE_MISUSE
/// afterwards; sqlite3_config is variadic, which Swift cannot call): no up-front page-cache
/// block per connection (SQLITE_CONFIG_PAGECACHE without memory; Debian's build would otherwise
/// allocate and touch 20 pages, ≈ 86 KB, on each connection's first read). Pages are allocated
/// as the cache fills, up to each connection's cache_size, as before.
static inline int CSQLite_configureProcess(void) {
    return sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)0, 0, 0);
}
#endif
