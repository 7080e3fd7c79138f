/// A table or column name that came from configuration or the command line, validated and quoted.
///
/// Only names of letters, digits and underscores (not starting with a digit, at most 63 bytes, optionally
/// `schema.name`) are accepted, so a quoted identifier can never break out of its quotes.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The name parts as given, e.g. `["public", "penguins"]`.
    public let parts: [String]

    public init(_ name: String) throws(DatabaseError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy(Self.isValidPart) else {
            throw DatabaseError(
                .invalidInput, "'\(name)' is not a valid table or column name",
                hint: "use letters, digits and underscores, starting with a letter or underscore (optionally schema.name)")
        }
        self.parts = parts
    }

    /// The identifier in double quotes, ready for SQL on both engines.
    public var quoted: String { parts.map { "\"\($0)\"" }.joined(separator: ".") }

    public var description: String { parts.joined(separator: ".") }

    private static func isValidPart(_ part: String) -> Bool {
        guard let first = part.utf8.first, part.utf8.count <= 63 else { return false }
        let isStart = { (byte: UInt8) in byte == UInt8(ascii: "_") || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        return isStart(first) && part.utf8.allSatisfy { isStart($0) || isDigit($0) }
    }
}
