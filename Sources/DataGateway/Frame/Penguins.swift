/// A typed view of a frame holding the `penguins` table: the schema is checked once, here, so that code
/// reading the columns afterwards cannot meet a missing column or a wrong type.
public struct Penguins: Sendable {
    /// Every row of the table in id order: what the commands read when no query is given.
    public static let allRowsQuery = "SELECT * FROM penguins ORDER BY id"

    public let frame: Frame
    public let id: Column
    public let species: Column
    public let island: Column
    public let billLength: Column
    public let billDepth: Column
    public let flipperLength: Column
    public let bodyMass: Column
    public let sex: Column
    public let year: Column

    /// Checks `frame` against the `penguins` schema; the error names the first missing or mistyped column.
    public init(_ frame: Frame) throws(FrameError) {
        self.frame = frame
        id = try frame.column("id", as: .int64)
        species = try frame.column("species", as: .string)
        island = try frame.column("island", as: .string)
        billLength = try frame.column("bill_length_mm", as: .double)
        billDepth = try frame.column("bill_depth_mm", as: .double)
        flipperLength = try frame.column("flipper_length_mm", as: .int64)
        bodyMass = try frame.column("body_mass_g", as: .int64)
        sex = try frame.column("sex", as: .string)
        year = try frame.column("year", as: .int64)
    }

    public var count: Int { frame.rowCount }
}
