import Foundation

/// Times on the pages are UTC and ISO 8601, so a site built on any machine reads the same everywhere.
enum DateText {
    /// `2026-11-26T09:15:52Z`, for the `datetime` attribute of `<time>`.
    static func machine(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// `2026-11-26 09:15 UTC`.
    static func display(_ date: Date) -> String {
        let iso = machine(date)
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
    }

    /// `2026-11-26`, for ticks a day or more apart.
    static func day(_ date: Date) -> String {
        String(machine(date).prefix(10))
    }

    /// `26 Nov 09:15`, for ticks minutes or hours apart, where the year is noise.
    static func dayAndTime(_ date: Date) -> String {
        let iso = machine(date)
        let month = Int(iso.dropFirst(5).prefix(2)) ?? 1
        return "\(iso.dropFirst(8).prefix(2)) \(monthNames[month - 1]) \(iso.dropFirst(11).prefix(5))"
    }

    /// `26 Nov 09:15:07`, for ticks seconds apart.
    static func dayAndSeconds(_ date: Date) -> String {
        dayAndTime(date) + machine(date).dropFirst(16).prefix(3)
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A `<time>` element: readable text with the exact instant for machines.
    static func element(_ date: Date) -> Markup {
        "<time datetime=\"\(machine(date))\">\(display(date))</time>"
    }
}
