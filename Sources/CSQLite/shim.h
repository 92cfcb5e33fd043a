#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

/// Process-wide SQLite settings, applied before the first connection opens (SQLITE_MISUSE
/// afterwards; sqlite3_config is variadic, which Swift cannot call): no up-front page-cache
/// block per connection (SQLITE_CONFIG_PAGECACHE without memory; Debian's build would otherwise
/// allocate and touch 20 pages, ≈ 86 KB, on each connection's first read). Pages are allocated
/// as the cache fills, up to each connection's cache_size, as before. And no memory statistics
/// (SQLITE_CONFIG_MEMSTATUS off): keeping them takes a process-wide mutex around every one of
/// SQLite's allocations and frees (≈ 22 lock pairs per revision read), and nothing here reads
/// them (no sqlite3_memory_used, no soft heap limit). Returns the first failure, else SQLITE_OK.
static inline int CSQLite_configureProcess(void) {
    int pageCache = sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)0, 0, 0);
    int memoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return pageCache != SQLITE_OK ? pageCache : memoryStatistics;
}
#endif
