/// Why configuration could not be resolved. Each message names the setting or file and says how to fix it;
/// none of them contains a secret value.
public enum SettingsError: Error, Equatable, CustomStringConvertible {
    case valueAndFileBothSet(name: String)
    case insecureFileMode(path: String, mode: UInt16)
    /// A secret file owned by another user (not root), who could change it under us.
    case insecureFileOwner(path: String, owner: UInt32)
    case unreadableFile(path: String, setting: String, reason: String)
    case invalidValue(setting: String, problem: String)

    public var description: String {
        switch self {
        case .valueAndFileBothSet(let name):
            "both \(name) and \(name)_FILE are set; unset one of them"
        case .insecureFileMode(let path, let mode):
            "secret file \(path) has mode \(String(mode, radix: 8).leftPadded(to: 4)), readable by group or others; "
                + "run: chmod 600 \(path)"
        case .insecureFileOwner(let path, let owner):
            "secret file \(path) is owned by uid \(owner), neither this user nor root, who could change it; "
                + "run: chown $(id -u) \(path)"
        case .unreadableFile(let path, let setting, let reason):
            "cannot read \(path) (named by \(setting)): \(reason)"
        case .invalidValue(let setting, let problem):
            "\(setting): \(problem)"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
