import Foundation

/// A fresh directory under the system temp dir, removed when the value is discarded by `remove()`.
public struct TemporaryDirectory {
    public let path: String

    public init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("penguins-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `text` to `name` with POSIX `mode` and returns the path.
    @discardableResult
    public func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let target = file(name)
        try Self.writeFile(at: target, text, mode: mode)
        return target
    }

    /// Writes `text` to `path` with POSIX `mode`.
    public static func writeFile(at path: String, _ text: String, mode: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A throwaway secret generated at run time, so no credential is ever committed.
public func generatedSentinel() -> String {
    "sentinel-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
}
