import DataGateway

/// One training row as the app's chart draws it: the model's inputs and the observed mass.
///
/// The server never reads the database, so the points are handed over at start-up and inlined into the page.
public struct TrainingPoint: Sendable, Hashable {
    public let billLengthMM: Double
    public let bodyMassG: Double
    public let species: String
    public let sex: String

    public init(billLengthMM: Double, bodyMassG: Double, species: String, sex: String) {
        self.billLengthMM = billLengthMM
        self.bodyMassG = bodyMassG
        self.species = species
        self.sex = sex
    }

    /// The rows of a `penguins` frame that have all four values, which are the rows the model was fitted on.
    public static func points(from frame: Frame) throws(FrameError) -> [TrainingPoint] {
        let bill = try frame.column("bill_length_mm", as: .double, .int64)
        let mass = try frame.column("body_mass_g", as: .double, .int64)
        let species = try frame.column("species", as: .string)
        let sex = try frame.column("sex", as: .string)
        return (0..<frame.rowCount).compactMap { row in
            guard let billLength = bill.numeric(row), let bodyMass = mass.numeric(row),
                let speciesName = species.string(row), let sexName = sex.string(row)
            else { return nil }
            return TrainingPoint(billLengthMM: billLength, bodyMassG: bodyMass, species: speciesName, sex: sexName)
        }
    }
}
