/// The element type of a frame column; the set is closed so that every consumer can switch over it.
public enum ColumnType: String, Sendable, Codable, CaseIterable {
    case double
    case int64
    case bool
    /// Seconds since 1970-01-01T00:00:00Z; SQL `date` values are midnight UTC.
    case date
    /// Dictionary-encoded text.
    case string
}
