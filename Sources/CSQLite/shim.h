#include <sqlite3.h>

/// `sqlite3_config` is variadic, which Swift cannot call. Turns off SQLite's allocation statistics, which take
/// a process-wide mutex around every `malloc` and `free` SQLite makes; nothing here reads them.
static inline int penguins_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
