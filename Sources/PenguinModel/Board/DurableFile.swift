import Glibc

/// Writes that survive a crash: the bytes reach the disk before the caller renames them into place.
enum DurableFile {
    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let code: Int32
        var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
    }

    /// Creates `path` (it must not exist), writes `bytes` and `fsync`s it; `mode` is the new file's permissions.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(operation: "create", code: errno) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "write", code: errno)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", code: errno) }
    }

    /// `fsync`s a directory so a rename in it is on disk; best effort, as some file systems refuse it.
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// An exclusive `flock` on a lock file, held until ``release()``: it serializes alias moves on a file board
/// between threads and processes alike, since each holder opens the file on its own.
final class BoardLock {
    private var descriptor: Int32

    init(path: String) throws(BoardError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .storage("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(descriptor)
                throw .storage("cannot lock \(path): \(String(cString: strerror(code)))")
            }
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
