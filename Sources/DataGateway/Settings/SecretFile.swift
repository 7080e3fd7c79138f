import Foundation

/// Reads files that hold secrets, refusing any that group or others could read, as libpq does for `.pgpass`.
///
/// Public so that every secret file the gateway reads (settings, the server's API keys) obeys one mode rule
/// with one wording.
public enum SecretFile {
    /// Fails when `path` is readable by group or others.
    public static func checkMode(_ path: String, setting: String) throws(SettingsError) {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .unreadableFile(path: path, setting: setting, reason: "no such file, or it cannot be accessed")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value ?? 0
        guard mode & 0o077 == 0 else { throw .insecureFileMode(path: path, mode: mode) }
    }

    /// The file's text with one trailing newline (`\n` or `\r\n`) removed, after the mode check.
    public static func read(_ path: String, setting: String) throws(SettingsError) -> String {
        try checkMode(path, setting: setting)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, setting: setting, reason: "permission denied or not a regular file")
        }
        var text = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character in Swift, so one removal trims either ending.
        if text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
