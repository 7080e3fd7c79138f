/// What a command or a server asks the board for: one version, the newest, or whatever an alias holds.
///
/// The text forms cannot be confused: a version starts with its creation date (`20250101T120000Z-…`, a
/// digit), an alias name starts with a lower-case letter (``AliasName``), and `latest` is reserved, so it
/// can never be an alias.
public enum ModelReference: Sendable, Hashable, CustomStringConvertible {
    /// One version, e.g. `20250101T120000.123456Z-1a2b3c4d`.
    case version(String)
    /// The newest version by creation time (``ModelCard/isNewer(than:)``).
    case latest
    /// Whatever version the alias holds, e.g. `production`.
    case alias(String)

    /// The reserved word for ``latest``.
    public static let latestName = "latest"

    /// Reads `latest`, a version (starts with a digit) or an alias name (``AliasName``); anything else
    /// (`Production`, `prod ready`, an empty string) is an error that says which forms are accepted.
    public init(parsing text: String) throws(BoardError) {
        if text == Self.latestName {
            self = .latest
        } else if let first = text.unicodeScalars.first, ("0"..."9").contains(first) {
            self = .version(text)
        } else if AliasName.isValid(text) {
            self = .alias(text)
        } else {
            throw .badReference(text)
        }
    }

    public var description: String {
        switch self {
        case .version(let version): version
        case .latest: Self.latestName
        case .alias(let alias): alias
        }
    }
}

/// The rule for alias names: 1 to 63 characters of `a-z`, `0-9`, `-` and `_`, starting with a letter, and
/// not `latest`. Lower case only, so `Production` and `production` cannot name two aliases, and the first
/// letter keeps an alias apart from a version, which starts with a digit.
public enum AliasName {
    /// The alias the server follows by default and `promote` moves unless told otherwise.
    public static let production = "production"

    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), name != ModelReference.latestName, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0])
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// `name`, or ``BoardError/badAlias(_:)`` saying what the rule is.
    static func checked(_ name: String) throws(BoardError) -> String {
        guard isValid(name) else { throw .badAlias(name) }
        return name
    }
}
