import PenguinStyle

extension Chart {
    /// The chart as an inline `<svg>` element: well-formed XML that is also valid in an HTML5 page, labelled
    /// for screen readers by its `<title>` and `<desc>`.
    func svg() -> Markup {
        let layout = ChartLayout(self)
        let xScale = LinearScale(domain: (x.lower, x.upper), range: (layout.plotLeft, layout.plotRight))
        let yScale = LinearScale(domain: (y.lower, y.upper), range: (layout.plotBottom, layout.plotTop))
        let titleID = "\(id)-title"
        let descriptionID = "\(id)-desc"
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(svg: width) \(svg: height)" \
            width="\(svg: width)" height="\(svg: height)" role="img" aria-labelledby="\(titleID) \(descriptionID)" \
            font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif" font-size="\(svg: ChartLayout.tickFontSize)">
            <title id="\(titleID)">\(title)</title>
            <desc id="\(descriptionID)">\(description)</desc>
            \(gridlines(layout, xScale, yScale))
            \(zip(marks, markerCentres(xScale, yScale)).map { render($0, centres: $1, xScale, yScale) })
            \(axes(layout, xScale, yScale))
            \(legendMarkup(layout))
            </svg>
            """
    }

    private func gridlines(_ layout: ChartLayout, _ xScale: LinearScale, _ yScale: LinearScale) -> Markup {
        let vertical: [Markup] = x.ticks.map { tick in
            let px = xScale(tick.value)
            return "<line x1=\"\(svg: px)\" y1=\"\(svg: layout.plotTop)\" x2=\"\(svg: px)\" y2=\"\(svg: layout.plotBottom)\"/>"
        }
        let horizontal: [Markup] = y.ticks.map { tick in
            let py = yScale(tick.value)
            return "<line x1=\"\(svg: layout.plotLeft)\" y1=\"\(svg: py)\" x2=\"\(svg: layout.plotRight)\" y2=\"\(svg: py)\"/>"
        }
        return "<g class=\"grid\" stroke=\"#e4e4e4\" stroke-width=\"1\">\(vertical)\(horizontal)</g>"
    }

    private func axes(_ layout: ChartLayout, _ xScale: LinearScale, _ yScale: LinearScale) -> Markup {
        let tick = ChartLayout.tickLength
        let xTicks: [Markup] = x.ticks.map { mark in
            let px = xScale(mark.value)
            return "<line x1=\"\(svg: px)\" y1=\"\(svg: layout.plotBottom)\" x2=\"\(svg: px)\" y2=\"\(svg: layout.plotBottom + tick)\"/>"
        }
        let yTicks: [Markup] = y.ticks.map { mark in
            let py = yScale(mark.value)
            return "<line x1=\"\(svg: layout.plotLeft - tick)\" y1=\"\(svg: py)\" x2=\"\(svg: layout.plotLeft)\" y2=\"\(svg: py)\"/>"
        }
        let xLabels: [Markup] = x.ticks.map { mark in
            let baseline = layout.plotBottom + tick + ChartLayout.tickFontSize + 2
            return "<text x=\"\(svg: xScale(mark.value))\" y=\"\(svg: baseline)\" text-anchor=\"middle\">\(mark.label)</text>"
        }
        let yLabels: [Markup] = y.ticks.map { mark in
            "<text x=\"\(svg: layout.plotLeft - tick - 4)\" y=\"\(svg: yScale(mark.value))\" dy=\"0.35em\" text-anchor=\"end\">\(mark.label)</text>"
        }
        let middleX = (layout.plotLeft + layout.plotRight) / 2
        let middleY = (layout.plotTop + layout.plotBottom) / 2
        return """
            <g class="axes" stroke="#444444" stroke-width="1">
            <line x1="\(svg: layout.plotLeft)" y1="\(svg: layout.plotBottom)" x2="\(svg: layout.plotRight)" y2="\(svg: layout.plotBottom)"/>
            <line x1="\(svg: layout.plotLeft)" y1="\(svg: layout.plotTop)" x2="\(svg: layout.plotLeft)" y2="\(svg: layout.plotBottom)"/>
            \(xTicks)\(yTicks)
            </g>
            <g class="labels" fill="#333333">
            \(xLabels)\(yLabels)
            <g font-size="\(svg: ChartLayout.titleFontSize)" text-anchor="middle">
            <text x="\(svg: middleX)" y="\(svg: layout.xAxisTitleY)">\(x.title)</text>
            <text transform="rotate(-90)" x="\(svg: -middleY)" y="\(svg: layout.yAxisTitleX)">\(y.title)</text>
            </g>
            </g>
            """
    }

    /// The pixel centre of every marker, per mark (empty for lines and bars). With ``keepsMarkersApart`` a
    /// marker that would overlap one placed before it moves sideways, right then left by growing steps,
    /// until it is clear: a few evaluations seconds apart, or of two versions at once, all stay visible.
    private func markerCentres(_ xScale: LinearScale, _ yScale: LinearScale) -> [[Point]] {
        var placed: [(centre: Point, radius: Double)] = []
        return marks.map { mark in
            guard case .points(let points, _, let radius) = mark else { return [] }
            return points.map { point in
                var centre = Point(x: xScale(point.x), y: yScale(point.y))
                if keepsMarkersApart {
                    let original = centre
                    var attempt = 0
                    while placed.contains(where: { Self.overlap($0.centre, $0.radius, centre, radius) }) {
                        attempt += 1
                        let step = Double((attempt + 1) / 2) * (2 * radius + 1)
                        centre = Point(x: original.x + (attempt % 2 == 1 ? step : -step), y: original.y)
                    }
                }
                placed.append((centre, radius))
                return centre
            }
        }
    }

    private static func overlap(_ a: Point, _ ra: Double, _ b: Point, _ rb: Double) -> Bool {
        let (dx, dy) = (a.x - b.x, a.y - b.y)
        return (dx * dx + dy * dy).squareRoot() < ra + rb + 1
    }

    private func render(_ mark: Mark, centres: [Point], _ xScale: LinearScale, _ yScale: LinearScale) -> Markup {
        switch mark {
        case .points(_, let style, let radius):
            let shapes = centres.map { Self.marker(style.marker, x: $0.x, y: $0.y, radius: radius) }
            return "<g fill=\"\(style.colour)\" fill-opacity=\"0.8\" stroke=\"#ffffff\" stroke-width=\"0.6\">\(shapes)</g>\n"
        case .line(let points, let style, let dashed):
            let coordinates = points.map { "\(SVGNumber.format(xScale($0.x))),\(SVGNumber.format(yScale($0.y)))" }
            let dash: Markup = dashed ? Self.dash : ""
            return """
                <polyline points="\(coordinates.joined(separator: " "))" fill="none" stroke="\(style.colour)" \
                stroke-width="2" stroke-linejoin="round"\(dash)/>\n
                """
        case .bars(let bars, let style):
            let rects: [Markup] = bars.map { bar in
                let (left, right) = (xScale(bar.x0), xScale(bar.x1))
                let (top, bottom) = (yScale(bar.y1), yScale(bar.y0))
                return "<rect x=\"\(svg: left)\" y=\"\(svg: top)\" width=\"\(svg: right - left)\" height=\"\(svg: bottom - top)\"/>"
            }
            return "<g fill=\"\(style.colour)\" stroke=\"#ffffff\" stroke-width=\"0.5\">\(rects)</g>\n"
        }
    }

    /// One marker; fill and stroke come from the enclosing group.
    private static func marker(_ shape: MarkerShape, x: Double, y: Double, radius: Double) -> Markup {
        "<path d=\"\(shape.pathData(x: x, y: y, radius: radius))\"/>"
    }

    private static let dash: Markup = " stroke-dasharray=\"6 4\""
    private static let legendDash: Markup = " stroke-dasharray=\"4 3\""

    private func legendMarkup(_ layout: ChartLayout) -> Markup {
        guard !layout.legend.isEmpty else { return "" }
        let items: [Markup] = layout.legend.map { placed in
            let style = placed.entry.style
            let (x, y) = (placed.x, placed.y)
            let symbol: Markup =
                switch placed.entry.symbol {
                case .marker:
                    "<g fill=\"\(style.colour)\">\(Self.marker(style.marker, x: x + 9, y: y, radius: 4.5))</g>"
                case .swatch:
                    "<rect x=\"\(svg: x + 3)\" y=\"\(svg: y - 6)\" width=\"12\" height=\"12\" fill=\"\(style.colour)\"/>"
                case .line(let dashed):
                    """
                    <line x1="\(svg: x)" y1="\(svg: y)" x2="\(svg: x + 18)" y2="\(svg: y)" stroke="\(style.colour)" \
                    stroke-width="2"\(dashed ? Self.legendDash : "")/>
                    """
                case .lineAndMarker:
                    """
                    <line x1="\(svg: x)" y1="\(svg: y)" x2="\(svg: x + 18)" y2="\(svg: y)" stroke="\(style.colour)" stroke-width="2"/>\
                    <g fill="\(style.colour)">\(Self.marker(style.marker, x: x + 9, y: y, radius: 4))</g>
                    """
                }
            return "\(symbol)<text x=\"\(svg: x + 24)\" y=\"\(svg: y)\" dy=\"0.35em\">\(placed.label)</text>"
        }
        return "<g class=\"legend\" fill=\"#333\">\(items)</g>\n"
    }
}
