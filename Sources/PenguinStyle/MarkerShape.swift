/// The point symbols of the charts. Each species has its own (``SpeciesStyle``), and series that are not
/// species (model versions) use them in turn.
public enum MarkerShape: String, Sendable, CaseIterable {
    case circle
    case square
    case triangle
    case diamond

    /// The symbol as SVG path data centred on (x, y), about `2 × radius` across. The report draws it in
    /// Swift and the app's script places the same path data, so a species looks the same on every page.
    public func pathData(x: Double = 0, y: Double = 0, radius r: Double) -> String {
        func n(_ value: Double) -> String { SVGNumber.format(value) }
        return switch self {
        case .circle:
            "M\(n(x - r)),\(n(y))a\(n(r)),\(n(r)) 0 1,0 \(n(2 * r)),0a\(n(r)),\(n(r)) 0 1,0 \(n(-2 * r)),0Z"
        case .square:
            "M\(n(x - r * 0.9)),\(n(y - r * 0.9))h\(n(r * 1.8))v\(n(r * 1.8))h\(n(-r * 1.8))Z"
        case .triangle:
            "M\(n(x)),\(n(y - r * 1.15))L\(n(x + r)),\(n(y + r * 0.75))L\(n(x - r)),\(n(y + r * 0.75))Z"
        case .diamond:
            "M\(n(x)),\(n(y - r * 1.2))L\(n(x + r * 1.2)),\(n(y))L\(n(x)),\(n(y + r * 1.2))L\(n(x - r * 1.2)),\(n(y))Z"
        }
    }
}
