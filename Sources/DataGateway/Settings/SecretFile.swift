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
        let file = try open(path, setting: setting)
        let bytes: [UInt8]
        do {
            bytes = try file.contents(limit: maximumBytes)
        } catch {
            throw .unreadableFile(path: path, setting: setting, reason: error.reason)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // "\r\n" is one Character in Swift, so one removal trims either ending.
        if text.last?.isNewline == true { text.removeLast() }
        return text
    }

    /// Opens and checks `path` once, then hands `body` a path to that same open file (`/proc/self/fd/N`), for
    /// a reader that insists on opening a path itself: it reads the very file that was checked.
    static func withCheckedFile<Result>(
        _ path: String, setting: String, _ body: (String) async throws(SettingsError) -> Result
    ) async throws(SettingsError) -> Result {
        let file = try open(path, setting: setting)
        let result = try await body(file.pathToDescriptor)
        // The descriptor must stay open until `body` has read through it.
        withExtendedLifetime(file) {}
        return result
    }

    /// `path` opened once and judged by that open file: regular, no group or other bits, owned by us or root.
    private static func open(_ path: String, setting: String) throws(SettingsError) -> OpenedFile {
        let file: OpenedFile
        do {
            file = try OpenedFile(path: path)
        } catch {
            throw .unreadableFile(path: path, setting: setting, reason: error.reason)
        }
        guard file.mode & 0o077 == 0 else { throw .insecureFileMode(path: path, mode: file.mode) }
        guard file.owner == geteuid() || file.owner == 0 else { throw .insecureFileOwner(path: path, owner: file.owner) }
        return file
    }
}
