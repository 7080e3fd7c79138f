/// The point symbols, used in turn by successive series.
enum MarkerShape: Sendable, CaseIterable {
    case circle
    case square
    case triangle
    case diamond

    /// The symbol centred on (x, y), about `2 × radius` across; fill and stroke come from the enclosing group.
    func svg(x: Double, y: Double, radius r: Double) -> Markup {
        switch self {
        case .circle:
            "<circle cx=\"\(svg: x)\" cy=\"\(svg: y)\" r=\"\(svg: r)\"/>"
        case .square:
            "<rect x=\"\(svg: x - r * 0.9)\" y=\"\(svg: y - r * 0.9)\" width=\"\(svg: r * 1.8)\" height=\"\(svg: r * 1.8)\"/>"
        case .triangle:
            "<path d=\"M\(svg: x),\(svg: y - r * 1.15)L\(svg: x + r),\(svg: y + r * 0.75)L\(svg: x - r),\(svg: y + r * 0.75)Z\"/>"
        case .diamond:
            "<path d=\"M\(svg: x),\(svg: y - r * 1.2)L\(svg: x + r * 1.2),\(svg: y)L\(svg: x),\(svg: y + r * 1.2)L\(svg: x - r * 1.2),\(svg: y)Z\"/>"
        }
    }
}
