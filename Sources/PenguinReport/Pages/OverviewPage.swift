import DataGateway
import PenguinModel

/// index.html: what the data is, where this build of it came from (by kind, never by location), and which
/// model the rest of the site describes.
enum OverviewPage {
    static func body(_ input: ReportInput) -> Markup {
        let penguins = input.penguins
        let rows = NumberText.integer(penguins.count)
        return """
            <h1>Palmer Penguins: data and model</h1>
            <p class="lead">Measurements of \(rows) penguins from the Palmer Archipelago, \
            Antarctica, and the linear model the gateway serves from them. This site is generated from the live \
            database and the model board; it needs no JavaScript and opens straight from disk.</p>
            \(Blocks.tiles(tiles(input)))
            <h2>The data</h2>
            \(Blocks.facts(dataFacts))
            <h2>This build</h2>
            \(Blocks.facts(buildFacts(input)))
            <h2>Pages</h2>
            <ul class="pages">
            <li><a href="\(SitePage.eda.fileName)">\(SitePage.eda.title)</a>: counts, missing values, means by \
            species and sex, bill length against body mass, and the distribution of each measure.</li>
            <li><a href="\(SitePage.model.fileName)">\(SitePage.model.title)</a>: the formula and coefficients, \
            fit statistics, predicted against actual, residuals, the version history and metrics over time.</li>
            <li><a href="\(SitePage.monitoring.fileName)">\(SitePage.monitoring.title)</a>: logged predictions per \
            period and version, accuracy over time where actual outcomes are recorded, the latest drift of each \
            input against the training data, and the alias history.</li>
            </ul>
            """
    }

    private static func tiles(_ input: ReportInput) -> [Blocks.Tile] {
        var tiles: [Blocks.Tile] = [
            .init(label: "Penguins", value: "\(NumberText.integer(input.penguins.count))"),
            .init(label: "Species", value: "\(input.penguins.species.distinctStrings().count)"),
            .init(label: "Islands", value: "\(input.penguins.island.distinctStrings().count)"),
        ]
        if let card = input.servedCard {
            tiles.append(.init(label: "Served model R²", value: "\(NumberText.fixed(card.metrics.rSquared, decimals: 3))"))
        }
        return tiles
    }

    private static let dataFacts: [(term: Markup, value: Markup)] = [
        ("Dataset", "Palmer Penguins: size measurements of adult Adélie, Chinstrap and Gentoo penguins, 2007–2009"),
        ("Collected by", "Dr. Kristen Gorman and the Palmer Station Long Term Ecological Research Program"),
        ("Published as", "Horst AM, Hill AP, Gorman KB (2020). palmerpenguins: Palmer Archipelago (Antarctica) penguin data"),
        ("Copy used", "palmerpenguins 0.1.6, <code>penguins.csv</code>, loaded by the project’s migrations"),
        ("Licence", "CC0 1.0 Universal (public domain dedication)"),
    ]

    private static func buildFacts(_ input: ReportInput) -> [(term: Markup, value: Markup)] {
        let frame = input.penguins.frame
        var facts: [(term: Markup, value: Markup)] = [
            ("Database engine", "\(engineName(input.databaseKind))"),
            ("Migration version", "\(input.migrationVersion.map { String($0) } ?? "none recorded")"),
            ("Rows", "\(NumberText.integer(frame.rowCount)) rows × \(frame.columns.count) columns"),
            ("Data fingerprint", "<code class=\"hash\">\(frame.fingerprint())</code> (SHA-256 of the table’s values)"),
        ]
        if let card = input.servedCard {
            facts.append((
                "Served model",
                "<code>\(card.version)</code>, <code>\(card.formula.description)</code>, trained on \(NumberText.integer(card.trainingRows)) rows"
            ))
            facts.append(("Served model’s data", TrainingDataCheck.phrase(card, input.penguins)))
        } else {
            facts.append(("Served model", "none on the board yet"))
        }
        facts.append(("Generated", DateText.element(input.generatedAt)))
        return facts
    }

    static func engineName(_ kind: DatabaseKind) -> String {
        switch kind {
        case .postgres: "PostgreSQL"
        case .sqlite: "SQLite"
        }
    }
}
