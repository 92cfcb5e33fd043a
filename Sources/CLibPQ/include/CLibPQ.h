#ifndef CLIBPQ_H
#define CLIBPQ_H

// libpq's types and function declarations come from libpq-fe.h (libpq-dev); the functions are
// defined in LibPQLoader.c, which loads libpq.so.5 with dlopen on first use, so a process that
// never opens a PostgreSQL URL never maps libpq and its dependencies (gnutls, krb5, ldap, …).
// Calling a libpq function that LibPQLoader.c does not list fails at link time.
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

/// Loads libpq (`libpq.so.5`) and resolves the functions this package calls, once per process;
/// thread-safe. Returns NULL when libpq is usable, otherwise why not (a static string, e.g.
/// the dynamic loader's message when libpq is not installed). Call it before any other
/// libpq function: those abort the process when libpq cannot be loaded.
const char *CLibPQ_load(void);

#endif
