// Loads libpq.so.5 on first use and forwards the libpq functions this package calls to it.
//
// The forwarding definitions carry libpq's own names (declared by libpq-fe.h), so Swift calls
// PQexec & co. as if libpq were linked. They are hidden: the executable does not export them,
// so libpq's internal calls to its own public functions never land here.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#pragma GCC visibility push(hidden)
#include "CLibPQ.h"

// The libpq functions this package calls, but PQfinish and PQclear (below): return type, name,
// parameters, arguments.
#define CLIBPQ_FUNCTIONS(X) \
    X(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname), \
      (keywords, values, expand_dbname)) \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn)) \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn)) \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn)) \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query)) \
    X(PGresult *, PQprepare, \
      (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
      (conn, stmtName, query, nParams, paramTypes)) \
    X(PGresult *, PQexecPrepared, \
      (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths, \
       const int *paramFormats, int resultFormat), \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)) \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res)) \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res)) \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode)) \
    X(int, PQntuples, (const PGresult *res), (res)) \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
// PQfinish and PQclear, which take NULL as a no-op (as libpq does) without loading libpq.
#define CLIBPQ_RELEASES(X) \
    X(PQfinish, PGconn) \
    X(PQclear, PGresult)

/// The resolved functions, set once by `load` (pthread_once orders it before every use).
static struct {
#define CLIBPQ_POINTER(type, name, parameters, arguments) type(*name) parameters;
    CLIBPQ_FUNCTIONS(CLIBPQ_POINTER)
#undef CLIBPQ_POINTER
#define CLIBPQ_POINTER(name, object) void (*name)(object *);
    CLIBPQ_RELEASES(CLIBPQ_POINTER)
#undef CLIBPQ_POINTER
} libpq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/// NULL once libpq is loaded; otherwise why it is not.
static const char *failure = "libpq was not loaded";
static char message[512];

static void load(void) {
    void *handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(message, sizeof message, "cannot load libpq (libpq.so.5; Debian package libpq5): %s",
                 reason != NULL ? reason : "unknown error");
        failure = message;
        return;
    }
#define CLIBPQ_RESOLVE(name) \
    *(void **)&libpq.name = dlsym(handle, #name); \
    if (libpq.name == NULL) { \
        snprintf(message, sizeof message, "libpq.so.5 lacks %s", #name); \
        failure = message; \
        dlclose(handle); \
        return; \
    }
#define CLIBPQ_RESOLVE_FUNCTION(type, name, parameters, arguments) CLIBPQ_RESOLVE(name)
#define CLIBPQ_RESOLVE_RELEASE(name, object) CLIBPQ_RESOLVE(name)
    CLIBPQ_FUNCTIONS(CLIBPQ_RESOLVE_FUNCTION)
    CLIBPQ_RELEASES(CLIBPQ_RESOLVE_RELEASE)
#undef CLIBPQ_RESOLVE_RELEASE
#undef CLIBPQ_RESOLVE_FUNCTION
#undef CLIBPQ_RESOLVE
    failure = NULL;
}

const char *CLibPQ_load(void) {
    pthread_once(&once, load);
    return failure;
}

/// Loads libpq if needed; a caller that skipped CLibPQ_load's check ends the process here.
static void require(void) {
    const char *reason = CLibPQ_load();
    if (reason != NULL) {
        fprintf(stderr, "%s\n", reason);
        abort();
    }
}

#define CLIBPQ_FORWARD(type, name, parameters, arguments) \
    type name parameters { \
        require(); \
        return libpq.name arguments; \
    }
CLIBPQ_FUNCTIONS(CLIBPQ_FORWARD)
#undef CLIBPQ_FORWARD

#define CLIBPQ_FORWARD(name, object) \
    void name(object *value) { \
        if (value == NULL) return; \
        require(); \
        libpq.name(value); \
    }
CLIBPQ_RELEASES(CLIBPQ_FORWARD)
#undef CLIBPQ_FORWARD
#pragma GCC visibility pop
