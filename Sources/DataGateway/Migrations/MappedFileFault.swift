#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the one fault a mapped migration file can raise into one `error:` line.
///
/// Migration files are mapped rather than read (``Migration/load(from:for:)``). If one is truncated while it is
/// mapped, touching a page past its new end raises SIGBUS, which would otherwise end the process with a crash
/// report. Nothing is lost either way, since the migration's transaction never commits; this only says so,
/// and how to recover, and exits 1 as any failed command does. The handler does nothing but `write` and
/// `_exit`, the async-signal-safe calls.
enum MappedFileFault {
    /// Installs the handler once per process; later calls do nothing.
    static func install() {
        _ = installed
    }

    private static let installed: Void = {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let message: StaticString = """
                error: a migration file was truncated while it was being read (SIGBUS); nothing of the \
                migration in progress was committed. Run `penguins migrate` again once the file is complete.

                """
            _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
            _exit(1)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }()
}
