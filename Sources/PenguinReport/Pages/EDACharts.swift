import PenguinStyle
import DataGateway
import PenguinModel

/// The EDA page's charts, computed from the frame.
enum EDACharts {
    /// The labs' `lmplot`: bill length against body mass, one colour and one least-squares line per species.
    /// The lines are dashed and labelled "per-species fit": each is fitted within one species alone, so
    /// nobody takes them for the served model, whose lines (in the app) are solid.
    static func scatter(_ penguins: Penguins, species: SpeciesSeries) -> (chart: Chart, slopes: [(species: String, slope: Double)]) {
        var points = [[Chart.Point]](repeating: [], count: species.levels.count)
        for row in 0..<penguins.count {
            guard let series = species.index(ofRow: row, in: penguins), let x = penguins.billLength.numeric(row),
                let y = penguins.bodyMass.numeric(row)
            else { continue }
            points[series].append(Chart.Point(x: x, y: y))
        }
        var marks: [Chart.Mark] = []
        var slopes: [(species: String, slope: Double)] = []
        for (index, level) in species.levels.enumerated() {
            marks.append(.points(points[index], species.style(index)))
            if let line = fittedLine(penguins, species: level, over: points[index].map(\.x)) {
                marks.append(.line(line.points, species.style(index), dashed: true))
                slopes.append((level, line.slope))
            }
        }
        let all = points.flatMap { $0 }
        let x = Axis.linear(title: Measure.billLength.label, covering: all.map(\.x))
        let y = Axis.linear(title: Measure.bodyMass.label, covering: all.map(\.y))
        let slopeText = slopes.map { "\($0.species) \(NumberText.fixed($0.slope, decimals: 1)) g per mm" }.joined(separator: "; ")
        let chart = Chart(
            id: "scatter-bill-mass", title: "Bill length against body mass, with a per-species fit for each species",
            description: """
                Scatter plot of \(NumberText.integer(all.count)) penguins with both measurements: bill length \
                (\(NumberText.span(all.map(\.x), decimals: 1)) mm) on the horizontal axis, body mass \
                (\(NumberText.span(all.map(\.y), decimals: 0)) g) on the vertical axis, one colour and marker per species. \
                Each dashed line is a per-species fit of body mass on bill length within that species alone, not the \
                served model; slopes: \(slopeText.isEmpty ? "none" : slopeText).
                """,
            x: x, y: y, marks: marks, legend: species.legend(symbol: .marker) + [.init(label: "per-species fit", style: .reference, symbol: .line(dashed: true))],
            width: 880, height: 520)
        return (chart, slopes)
    }

    /// `body_mass_g ~ bill_length_mm` within one species, drawn across that species' own bill lengths.
    /// A species with too few complete rows to fit gets points but no line.
    private static func fittedLine(_ penguins: Penguins, species: String, over xs: [Double]) -> (points: [Chart.Point], slope: Double)? {
        guard let low = xs.min(), let high = xs.max(), low < high else { return nil }
        let rows = penguins.frame.filter { penguins.species.string($0) == species }
        guard let model = try? LinearModel.fit(Formula(parsing: "body_mass_g ~ bill_length_mm"), to: rows) else { return nil }
        let (intercept, slope) = (model.fit.coefficients[0], model.fit.coefficients[1])
        return ([low, high].map { Chart.Point(x: $0, y: intercept + slope * $0) }, slope)
    }

    /// A histogram of one measure, stacked by species so the modes each species contributes show.
    static func histogram(_ measure: Measure, _ penguins: Penguins, species: SpeciesSeries) throws(FrameError) -> Chart {
        let column = try penguins.frame.column(measure.column)
        var values: [(series: Int, value: Double)] = []
        for row in 0..<penguins.count {
            guard let series = species.index(ofRow: row, in: penguins), let value = column.numeric(row) else { continue }
            values.append((series, value))
        }
        let bins = Binning(covering: values.map(\.value))
        var counts = [[Int]](repeating: [Int](repeating: 0, count: bins.count), count: species.levels.count)
        for (series, value) in values { counts[series][bins.index(of: value)] += 1 }
        var below = [Int](repeating: 0, count: bins.count)
        var marks: [Chart.Mark] = []
        for series in species.levels.indices {
            let bars = (0..<bins.count).compactMap { bin -> Chart.Bar? in
                let count = counts[series][bin]
                defer { below[bin] += count }
                guard count > 0 else { return nil }
                return Chart.Bar(
                    x0: bins.lowerEdge(bin), x1: bins.lowerEdge(bin + 1), y0: Double(below[bin]), y1: Double(below[bin] + count))
            }
            marks.append(.bars(bars, species.style(series)))
        }
        let tallest = below.max() ?? 0
        return Chart(
            id: "histogram-\(measure.column)", title: "Distribution of \(measure.name.lowercased())",
            description: """
                Histogram of \(measure.name.lowercased()) for \(NumberText.integer(values.count)) penguins, in \
                \(bins.count) bins \(NumberText.fixed(bins.width, decimals: NiceTicks.decimals(of: bins.width))) \
                \(measure.unit) wide from \(NumberText.fixed(bins.start, decimals: NiceTicks.decimals(of: bins.width))) \
                to \(NumberText.fixed(bins.end, decimals: NiceTicks.decimals(of: bins.width))) \(measure.unit), bars \
                stacked by species; the tallest bin holds \(tallest).
                """,
            x: .linear(title: measure.label, covering: [bins.start, bins.end]),
            y: .linear(title: "Penguins", covering: [0, Double(tallest)], integer: true),
            marks: marks, legend: species.legend(symbol: .swatch), width: 480, height: 340)
    }
}
