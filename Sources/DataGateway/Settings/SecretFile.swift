import Foundation
import Glibc

/// Reads files that hold secrets, refusing any that group or others could read, as libpq does for `.pgpass`.
///
/// A file is opened once and judged by `fstat` on the open descriptor, then read from that descriptor: there
/// is no window between the check and the read in which the path could be swapped for another file.
/// Symbolic links are followed, so a Kubernetes or Docker secret (`name -> ..data/name`) is judged by the
/// file it points at, never by the link. The file must be a regular file, not readable or writable by group
/// or others, and owned by the current user or root.
///
/// Public so that every secret file the gateway reads (settings, the server's API keys) obeys one rule
/// with one wording.
public enum SecretFile {
    /// The largest secret file read: far above any URL or key list, small enough that a wrong path (a log,
    /// a disk image) fails at once instead of filling memory.
    static let maximumBytes = 1 << 20

    /// The file's text with one trailing newline (`\n` or `\r\n`) removed, after the checks.
    public static func read(_ path: String, setting: String) throws(SettingsError) -> String {
        let descriptor = try open(path, setting: setting)
        defer { close(descriptor) }
        var text = String(decoding: try contents(of: descriptor, path: path, setting: setting), as: UTF8.self)
        // "\r\n" is one Character in Swift, so one removal trims either ending.
        if text.last?.isNewline == true { text.removeLast() }
        return text
    }

    /// Opens and checks `path` once, then hands `body` a path to that same open file (`/proc/self/fd/N`), for
    /// a reader that insists on opening a path itself: it reads the very file that was checked.
    static func withCheckedFile<Result>(
        _ path: String, setting: String, _ body: (String) async throws(SettingsError) -> Result
    ) async throws(SettingsError) -> Result {
        let descriptor = try open(path, setting: setting)
        defer { close(descriptor) }
        return try await body("/proc/self/fd/\(descriptor)")
    }

    /// An open, read-only descriptor of `path` that passed every check; the caller closes it.
    private static func open(_ path: String, setting: String) throws(SettingsError) -> Int32 {
        // O_NONBLOCK: opening a FIFO someone put in place of the file must not hang; it is refused below.
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason = errno == EACCES ? "permission denied" : "no such file, or it cannot be accessed"
            throw .unreadableFile(path: path, setting: setting, reason: reason)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw .unreadableFile(path: path, setting: setting, reason: "it cannot be examined (fstat failed)")
        }
        let mode = UInt16(status.st_mode & 0o7777)
        let problem: SettingsError? =
            if status.st_mode & mode_t(S_IFMT) != mode_t(S_IFREG) {
                .unreadableFile(path: path, setting: setting, reason: "it is not a regular file")
            } else if mode & 0o077 != 0 {
                .insecureFileMode(path: path, mode: mode)
            } else if status.st_uid != geteuid() && status.st_uid != 0 {
                .insecureFileOwner(path: path, owner: status.st_uid)
            } else {
                nil
            }
        if let problem {
            close(descriptor)
            throw problem
        }
        return descriptor
    }

    private static func contents(of descriptor: Int32, path: String, setting: String) throws(SettingsError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, setting: setting, reason: "reading it failed (errno \(errno))")
            }
            bytes += chunk[..<count]
            guard bytes.count <= maximumBytes else {
                throw .unreadableFile(path: path, setting: setting, reason: "it is larger than \(maximumBytes) bytes, too large for a secret")
            }
        }
    }
}
