import DataGateway
import Foundation

extension Column {
    /// A stored time: a `timestamptz` on Postgres (seconds since 1970) and ISO 8601 UTC text on SQLite, with
    /// or without fractional seconds.
    func storedDate(_ row: Int) -> Date {
        if let seconds = numeric(row) { return CardTime(Date(timeIntervalSince1970: seconds)).date }
        return string(row).flatMap { CardTime(parsing: $0)?.date } ?? .distantPast
    }
}
