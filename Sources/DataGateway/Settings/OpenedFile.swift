import Glibc

/// A file opened once for reading, so that what is judged (`fstat` of this descriptor) and what is read are
/// the same file, whatever happens to its path meanwhile. Only regular files are kept: opening never blocks
/// on a FIFO, and a device such as `/dev/zero` is refused before a byte is read. Symbolic links are followed.
///
/// It owns its descriptor and closes it in one place, `deinit`.
public final class OpenedFile {
    /// Why a file could not be opened or read; ``reason`` is a phrase to follow "cannot read PATH: ".
    public enum Failure: Error, Equatable {
        case cannotOpen(permissionDenied: Bool)
        case notRegular
        case tooLarge(limit: Int)
        case readFailed(errno: Int32)

        public var reason: String {
            switch self {
            case .cannotOpen(let denied): denied ? "permission denied" : "no such file, or it cannot be accessed"
            case .notRegular: "it is not a regular file"
            case .tooLarge(let limit): "it is larger than \(limit) bytes"
            case .readFailed(let code): "reading it failed (errno \(code))"
            }
        }
    }

    let descriptor: Int32
    /// The permission bits (`0o7777`) of the open file.
    public let mode: UInt16
    public let owner: uid_t

    public init(path: String) throws(Failure) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw .cannotOpen(permissionDenied: errno == EACCES) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            close(descriptor)
            throw .notRegular
        }
        self.descriptor = descriptor
        mode = UInt16(status.st_mode & 0o7777)
        owner = status.st_uid
    }

    deinit { close(descriptor) }

    /// Every byte of the file, refusing more than `limit`.
    public func contents(limit: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw .readFailed(errno: errno)
            }
            bytes += chunk[..<count]
            guard bytes.count <= limit else { throw .tooLarge(limit: limit) }
        }
    }

    /// A path to this same open file (`/proc/self/fd/N`), for a reader that insists on opening a path itself.
    var pathToDescriptor: String { "/proc/self/fd/\(descriptor)" }
}
