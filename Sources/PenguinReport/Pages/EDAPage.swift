import PenguinStyle
import DataGateway

/// eda.html: the labs' `eda.qmd` and more. Counts and group statistics come from
/// ``DataGateway/Frame/summarize(_:by:)`` rather than a second implementation here, so they agree with
/// every other consumer of the frame and follow R's and pandas' conventions (sample sd, n − 1).
enum EDAPage {
    static func body(_ penguins: Penguins) throws(FrameError) -> Markup {
        let species = SpeciesSeries(penguins)
        let scatter = EDACharts.scatter(penguins, species: species)
        var histograms: [Markup] = []
        for measure in Measure.all {
            let chart = try EDACharts.histogram(measure, penguins, species: species)
            histograms.append(Blocks.figure(chart, caption: "\(measure.name), stacked by species."))
        }
        let slopes = scatter.slopes.map { "\($0.species): \(NumberText.fixed($0.slope, decimals: 1)) g per mm" }
        return """
            <h1>Exploratory analysis</h1>
            <p class="lead">\(NumberText.integer(penguins.count)) penguins, \(penguins.frame.columns.count) columns. \
            Counts include rows with missing measurements; means and standard deviations use the rows that have the measure.</p>
            <h2>Counts</h2>
            <div class="grid narrow">
            \(try counts(penguins.frame, by: "species", caption: "By species"))
            \(try counts(penguins.frame, by: "island", caption: "By island"))
            \(try counts(penguins.frame, by: "sex", caption: "By sex (NA: not recorded)"))
            </div>
            \(try crossTable(penguins.frame))
            <h2>Missing values</h2>
            <p>Of \(NumberText.integer(penguins.count)) rows; the model leaves out rows missing any of its columns.</p>
            \(missing(penguins.frame))
            <h2>Measures by species and sex</h2>
            \(try means(penguins.frame))
            <h2>Bill length and body mass</h2>
            \(Blocks.figure(scatter.chart, caption: """
                Bill length against body mass. Each dashed line is a <strong>per-species fit</strong>: \
                <code>body_mass_g ~ bill_length_mm</code> fitted within that species alone, for exploration \
                (\(slopes.isEmpty ? "none could be fitted" : slopes.joined(separator: "; "))). It is not the served \
                model, which the <a href="\(SitePage.model.fileName)">Model</a> page describes.
                """))
            <h2>Distributions</h2>
            <div class="grid">
            \(histograms)
            </div>
            """
    }

    private static func counts(_ frame: Frame, by column: String, caption: String) throws(FrameError) -> Markup {
        let groups = try frame.summarize("id", by: [column])
        let rows: [[Markup]] = groups.map { group in
            ["\(group.key[0])", "\(NumberText.integer(group.rows))", "\(NumberText.percent(group.rows, of: frame.rowCount))"]
        }
        return HTMLTable(
            caption: "\(caption)",
            columns: [.init(header: "\(column.capitalized)", isNumeric: false), .init(header: "Count"), .init(header: "Share")],
            rows: rows,
            footer: [["Total", "\(NumberText.integer(frame.rowCount))", "\(NumberText.percent(frame.rowCount, of: frame.rowCount))"]]
        ).render()
    }

    /// Species by island: which species lives where (Gentoo only on Biscoe, Chinstrap only on Dream).
    private static func crossTable(_ frame: Frame) throws(FrameError) -> Markup {
        let groups = try frame.summarize("id", by: ["species", "island"])
        let islands = Array(Set(groups.map { $0.key[1] })).sorted()
        let species = Array(Set(groups.map { $0.key[0] })).sorted()
        var count: [[String]: Int] = [:]
        for group in groups { count[group.key] = group.rows }
        let rows: [[Markup]] = species.map { level in
            let cells = islands.map { island in count[[level, island]].map(NumberText.integer) ?? "0" }
            let total = islands.reduce(0) { $0 + (count[[level, $1]] ?? 0) }
            return ["\(level)"] + cells.map { "\($0)" } + ["\(NumberText.integer(total))"]
        }
        return HTMLTable(
            caption: "Species by island",
            columns: [.init(header: "Species", isNumeric: false)] + islands.map { .init(header: "\($0)") } + [.init(header: "Total")],
            rows: rows
        ).render()
    }

    private static func missing(_ frame: Frame) -> Markup {
        let rows: [[Markup]] = frame.columns.map { column in
            ["<code>\(column.name)</code>", "\(NumberText.integer(column.nullCount))", "\(NumberText.percent(column.nullCount, of: frame.rowCount))"]
        }
        return HTMLTable(
            caption: "Missing values per column",
            columns: [.init(header: "Column", isNumeric: false), .init(header: "Missing"), .init(header: "Share")],
            rows: rows
        ).render()
    }

    /// The labs' table: mean and standard deviation of each measure within each species and sex.
    private static func means(_ frame: Frame) throws(FrameError) -> Markup {
        var summaries: [[GroupSummary]] = []
        for measure in Measure.all { summaries.append(try frame.summarize(measure.column, by: ["species", "sex"])) }
        let rows: [[Markup]] = summaries[0].indices.map { index in
            let group = summaries[0][index]
            var cells: [Markup] = ["\(group.key[0])", "\(group.key[1])", "\(NumberText.integer(group.rows))"]
            for (measure, summary) in zip(Measure.all, summaries) {
                cells.append("\(NumberText.fixed(summary[index].mean, decimals: measure.decimals))")
                cells.append("\(NumberText.fixed(summary[index].standardDeviation, decimals: measure.decimals))")
            }
            return cells
        }
        var columns: [HTMLTable.Column] = [
            .init(header: "Species", isNumeric: false), .init(header: "Sex", isNumeric: false), .init(header: "n"),
        ]
        for _ in Measure.all { columns += [.init(header: "mean"), .init(header: "sd")] }
        return HTMLTable(
            caption: "Mean and standard deviation (sd) by species and sex; NA: sex not recorded",
            columns: columns,
            groups: [.init(header: "", span: 1), .init(header: "", span: 1), .init(header: "", span: 1)]
                + Measure.all.map { .init(header: "\($0.label)", span: 2) },
            rows: rows, rowHeaderCount: 2
        ).render()
    }
}
