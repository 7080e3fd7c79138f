#if canImport(Glibc)
import Glibc
#endif

/// Why `serve` would not start with core dumps possible.
struct CoreDumpsError: Error, CustomStringConvertible {
    let call: String
    let errorNumber: Int32
    var description: String { "cannot turn off core dumps (\(call) failed: \(String(cString: strerror(errorNumber)))); serve will not run with its API keys and connection string dumpable" }
}

/// Turns off core dumps for this process, so that a crash of `serve` cannot write its memory (the API keys,
/// the database connection string) to disk: the core size limit becomes 0, and on Linux the process is made
/// non-dumpable, which also keeps other processes of the same user from reading its memory through /proc.
func disableCoreDumps() throws(CoreDumpsError) {
    var none = rlimit(rlim_cur: 0, rlim_max: 0)
    guard setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none) == 0 else { throw CoreDumpsError(call: "setrlimit(RLIMIT_CORE, 0)", errorNumber: errno) }
    #if os(Linux)
    // prctl is variadic in C, which Swift does not import, and <sys/prctl.h> is not in the Glibc module: its
    // five-word form is called through its address, with PR_SET_DUMPABLE's value from <linux/prctl.h>.
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    let setDumpable: Int32 = 4
    guard let symbol = dlsym(nil, "prctl") else { throw CoreDumpsError(call: "dlsym(prctl)", errorNumber: ENOSYS) }
    let prctl = unsafeBitCast(symbol, to: Prctl.self)
    guard prctl(setDumpable, 0, 0, 0, 0) == 0 else { throw CoreDumpsError(call: "prctl(PR_SET_DUMPABLE, 0)", errorNumber: errno) }
    #endif
}
