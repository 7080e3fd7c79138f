#if canImport(Glibc)
import CGlibcMalloc
import ServiceLifecycle

/// Gives the heap pages that requests freed back to the kernel, every few seconds, for as long as the server runs.
///
/// glibc keeps what a thread frees in that thread's arena for its next allocation. After a burst of large
/// requests (a 10,000-record batch is a megabyte of JSON in and out, plus its log rows) the server's RSS would
/// stay at the burst's height for good, and a container's memory limit would have to cover every burst at once.
/// `malloc_trim` hands back each arena's whole free pages; it walks only the free lists, so at this interval it
/// costs nothing a request can see. Lowering glibc's mmap threshold instead does return the memory, but
/// makes every large body a fresh `mmap` and its page faults: measured, 30–50% fewer batches per second.
struct FreedMemoryReturn: Service {
    let interval: Duration

    func run() async {
        while (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: interval) })) != nil {
            malloc_trim(0)
        }
    }
}
#endif
