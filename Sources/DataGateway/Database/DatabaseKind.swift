/// Which engine a ``Database`` talks to. Safe to show anywhere: it says nothing about location or credentials.
public enum DatabaseKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case postgres
    case sqlite

    public var description: String { rawValue }
}
