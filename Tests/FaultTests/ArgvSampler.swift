import Foundation
import Synchronization

/// Watches every process's argv for the sentinel while the fault tests run, as `ps -eo args` every 100 ms
/// would, but reading /proc in this process: a `grep` for the sentinel would put it on an argv itself.
///
/// It runs on a thread of its own from the first fault test to the end of the process. A process that exits
/// between listing /proc and reading its cmdline is simply skipped.
final class ArgvSampler: Sendable {
    private struct State {
        var samples = 0
        /// Samples in which a `penguins` process was running: proof that the sampler saw the commands.
        var busy = 0
        var leaks: [String] = []
    }

    private let state = Mutex(State())

    init(needle: String, executable: String) {
        let needle = Array(needle.utf8)
        let executable = Array(executable.utf8)
        let thread = Thread { [self] in
            while true {
                var sawPenguins = false
                var found: [String] = []
                for argv in Self.argvs() {
                    if argv.firstRange(of: executable) != nil { sawPenguins = true }
                    if argv.firstRange(of: needle) != nil { found.append(String(decoding: argv, as: UTF8.self)) }
                }
                self.state.withLock {
                    $0.samples += 1
                    if sawPenguins { $0.busy += 1 }
                    $0.leaks += found
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        thread.start()
    }

    var samples: Int { state.withLock { $0.samples } }
    var busy: Int { state.withLock { $0.busy } }
    var leaks: [String] { state.withLock { $0.leaks } }

    /// Every process's argv, NUL separators as spaces.
    private static func argvs() -> [[UInt8]] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { $0.allSatisfy(\.isNumber) } ?? []
        return pids.compactMap { pid in
            FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map { $0.map { $0 == 0 ? 32 : $0 } }
        }
    }
}
