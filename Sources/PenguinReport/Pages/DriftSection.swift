/// The latest drift run: one table row per feature and version with each statistic beside its threshold
/// (a statistic past its threshold in bold, said in words too) and the verdict as a coloured, labelled badge,
/// then one small chart per feature of its training distribution against its live one.
enum DriftSection {
    static func render(_ monitoring: MonitoringInput) -> Markup {
        guard let latest = monitoring.drift.first else {
            return Blocks.note("""
                No drift computed yet: once predictions are logged, run <code>penguins monitor</code>; it compares \
                each input’s live distribution with the served version’s training profile and exits 3 on major drift.
                """)
        }
        // One version (the usual case) is named once above the table instead of in every row.
        let versions = monitoring.drift.reduce(into: [String]()) { if !$0.contains($1.version) { $0.append($1.version) } }
        let showsVersion = versions.count > 1
        let rows: [[Markup]] = monitoring.drift.map { finding in
            let version: [Markup] = showsVersion ? ["<code>\(finding.version)</code>"] : []
            return ["<code>\(finding.feature)</code>"] + version + [
                verdictBadge(finding.verdict),
                statistic(finding.psi, "\(threshold(finding.psi.threshold)) / \(threshold(finding.psiMajorThreshold))"),
                "\(NumberText.fixed(finding.ksStatistic, decimals: 3))",
                finding.ksP.map { pStatistic($0) } ?? missing,
                finding.wasserstein.map { statistic($0, threshold($0.threshold)) } ?? missing,
                finding.chiSquareP.map { pStatistic($0) } ?? missing,
                "\(NumberText.integer(finding.liveN))", "\(NumberText.integer(finding.trainingN))",
            ]
        }
        let versionColumn: [HTMLTable.Column] = showsVersion ? [.init(header: "Version", isNumeric: false)] : []
        let versionText: Markup =
            showsVersion
            ? "versions \(versions.map { "<code>\($0)</code>" as Markup }.joined(separator: ", "))"
            : "version <code>\(latest.version)</code>"
        let charts: [Markup] = monitoring.distributions.enumerated().map { index, distribution in
            let finding = monitoring.drift.first { $0.feature == distribution.feature && $0.version == distribution.version }
            let verdict: Markup = finding.map { " \(verdictBadge($0.verdict)) PSI \(NumberText.fixed($0.psi.value, decimals: 3))." } ?? ""
            return Blocks.figure(
                MonitoringCharts.distribution(distribution, index: index),
                caption: "<code>\(distribution.feature)</code>, version <code>\(distribution.version)</code>:\(verdict)")
        }
        let missingProfiles: Markup =
            charts.count < monitoring.drift.count
            ? Blocks.note("A version whose card has no training profile (trained before profiles existed) gets no chart; retrain it to get one.")
            : ""
        return """
            <p>Run at \(DateText.element(latest.runAt)) over the live inputs of \(versionText) from \
            \(DateText.element(latest.from)) to \(DateText.element(latest.to)). PSI compares shares over the training data’s 10 quantile bins (or its \
            levels); a p value below its threshold means the live and training samples differ. Bold: past its threshold.</p>
            \(HTMLTable(
                caption: "Drift of each input against the training data of the version that served it, worst first",
                columns: [.init(header: "Feature", isNumeric: false)] + versionColumn + [
                    .init(header: "Drift", isNumeric: false), .init(header: "PSI"), .init(header: "KS D"), .init(header: "KS p"), .init(header: "Wasserstein ÷ sd"),
                    .init(header: "χ² p"), .init(header: "Live n"), .init(header: "Training n"),
                ],
                rows: rows
            ).render())
            <div class="grid">\(charts)</div>
            \(missingProfiles)
            """
    }

    /// `none`, `moderate` or `major` in words, coloured by severity; the word carries the meaning for readers
    /// who cannot tell the colours apart.
    static func verdictBadge(_ verdict: DriftFinding.Verdict) -> Markup {
        "<span class=\"verdict verdict-\(verdict.rawValue)\">\(verdict.rawValue)</span>"
    }

    private static let missing = Markup(text: NumberText.missing)

    private static func threshold(_ value: Double) -> String {
        NumberText.fixed(value, decimals: value < 0.1 ? 2 : 1)
    }

    private static func statistic(_ statistic: DriftFinding.Statistic, _ bound: String) -> Markup {
        cell(Markup(text: NumberText.fixed(statistic.value, decimals: 3)), crossed: statistic.crossed, bound: "≥ \(bound)")
    }

    private static func pStatistic(_ statistic: DriftFinding.Statistic) -> Markup {
        cell(NumberText.pValue(statistic.value), crossed: statistic.crossed, bound: "< \(threshold(statistic.threshold))")
    }

    private static func cell(_ value: Markup, crossed: Bool, bound: String) -> Markup {
        let shown: Markup = crossed ? "<strong>\(value)<span class=\"visually-hidden\"> (past threshold)</span></strong>" : value
        return "\(shown)<span class=\"threshold\">\(bound)</span>"
    }
}

