import Foundation
import PenguinJSON
import PenguinModel
import PenguinStyle

/// The labs' Shiny app as one self-contained page, for whatever model is served: one input per term of
/// the card (a slider over the training range for a number, a menu of the card's levels for a category),
/// the prediction, and a chart of the training rows with the model's fitted lines.
///
/// The form is written here, on the server, from the card; the page's script only reads it, asks
/// `/predict` (once on load with these defaults, then on every submit) and draws the chart. It asks
/// `/predict` for everything the model says, the prediction and the ends of each fitted line, so the page
/// shows exactly what the API answers and needs no access to `/metadata`'s coefficients.
enum AppPage {
    static func page(card: ModelCard, encoding: DesignEncoding, training: TrainingRows, defaults: [String: JSONValue], authRequired: Bool)
        -> ServedPage
    {
        let inputs = encoding.terms.map { AppInput(term: $0, training: training, default: defaults[$0.name]) }
        let chart = AppChart(encoding: encoding, training: training)
        let responseName = Measure.named(encoding.response).map { $0.name.lowercased() } ?? encoding.response
        let responseUnit = Measure.named(encoding.response).map { " (\($0.unit))" } ?? ""
        var configuration: [String: JSONValue] = [
            "model": .string(card.name),
            "version": .string(card.version),
            "authRequired": .bool(authRequired),
            "response": [
                "name": .string(encoding.response), "label": .string(Measure.label(of: encoding.response)),
                "unit": .string(Measure.named(encoding.response)?.unit ?? ""),
            ],
            "inputs": .array(inputs.map(\.configuration)),
            "rows": [
                "count": .number(Double(training.count)),
                "columns": .object(training.columns.mapValues { values -> JSONValue in
                    switch values {
                    case .numbers(let numbers): .array(numbers.map(JSONValue.number))
                    case .strings(let strings): .array(strings.map(JSONValue.string))
                    }
                }),
            ],
            "species": .object(speciesStyles(training)),
        ]
        configuration["x"] = chart.x.map(JSONValue.string) ?? .null
        configuration["lines"] = chart.lines.map(JSONValue.string) ?? .null
        configuration["chartNote"] = chart.note.map(JSONValue.string) ?? .null
        // JSONEncoder escapes "/", so the data cannot close the script element it sits in.
        let json = String(decoding: JSONValue.object(configuration).encoded(), as: UTF8.self)
        let body = """
            <header>
            <h1>Penguin \(HTMLText.escape(responseName))</h1>
            <p>Model \(HTMLText.escape(card.name)) · version <span id="model-version">\(HTMLText.escape(card.version))</span> · \
            <code>\(HTMLText.escape(card.formula.description))</code> · <a href="docs">API docs</a></p>
            </header>
            \(driftWarningMarker)
            <main>
            <section class="panel" aria-labelledby="inputs-heading">
            <h2 id="inputs-heading" class="first">Penguin</h2>
            <form id="predict-form" novalidate>
            \(inputs.map(\.html).joined(separator: "\n"))
            <div id="key-row"\(authRequired ? "" : " hidden")>
            <label for="api-key">API key</label>
            <input type="password" id="api-key" name="api-key" autocomplete="off" spellcheck="false">
            <p class="hint">Kept in this page only; sent as Authorization: Bearer.</p>
            </div>
            <button type="submit" id="predict-button">Predict</button>
            <p class="hint">Enter in any field predicts too.</p>
            </form>
            <h2>Predicted \(HTMLText.escape(responseName))\(HTMLText.escape(responseUnit))</h2>
            <p class="result" id="prediction" aria-live="polite">…</p>
            <p class="status" id="status" role="status" aria-live="polite"></p>
            <h2>Parameters sent</h2>
            <code id="sent" class="block">–</code>
            </section>
            <section class="panel" aria-labelledby="chart-heading">
            <h2 id="chart-heading" class="first">\(HTMLText.escape(chart.heading(response: encoding.response)))</h2>
            <figure>
            \(chart.x == nil ? "" : """
                <svg id="chart" viewBox="0 0 760 470" width="100%" role="img" aria-labelledby="chart-title chart-desc">
                <title id="chart-title">\(HTMLText.escape(chart.heading(response: encoding.response))) of the training penguins</title>
                <desc id="chart-desc">Training penguins coloured and shaped by species, the model's fitted lines for the chosen inputs, and the current prediction.</desc>
                </svg>
                """)
            <figcaption id="chart-caption">\(HTMLText.escape(chart.note ?? ""))</figcaption>
            </figure>
            </section>
            </main>
            <script type="application/json" id="penguins-configuration">\(json)</script>
            """
        return ServedPage(title: "Penguin \(responseName)", style: style, body: body, script: AppScript.source)
    }

    /// The style of each species among the rows, as every page draws it: the marker as SVG path data of
    /// radius 1, which the script places and scales.
    private static func speciesStyles(_ training: TrainingRows) -> [String: JSONValue] {
        guard case .strings(let species)? = training.columns["species"] else { return [:] }
        let levels = Array(Set(species)).sorted()
        return Dictionary(uniqueKeysWithValues: levels.map { name in
            let style = SpeciesStyle.of(name, among: levels)
            return (name, ["colour": .string(style.colour), "marker": .string(style.marker.pathData(radius: 1))] as JSONValue)
        })
    }

    private static let style = """
        :root { --ink: #1d2433; --muted: #5b6475; --line: #d5dae3; --accent: #0b5cad; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
        header { background: #fff; border-bottom: 1px solid var(--line); padding: 0.9rem 1.5rem; }
        header h1 { margin: 0; font-size: 1.35rem; }
        header p { margin: 0.1rem 0 0; color: var(--muted); font-size: 0.9rem; }
        header a { color: var(--accent); }
        main { display: grid; grid-template-columns: minmax(260px, 320px) 1fr; gap: 1.25rem; padding: 1.25rem 1.5rem; max-width: 1200px; }
        @media (max-width: 800px) { main { grid-template-columns: 1fr; } }
        .panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.1rem; }
        form { display: grid; gap: 0.85rem; }
        label { font-weight: 600; display: block; margin-bottom: 0.25rem; }
        input[type=range] { width: 100%; accent-color: var(--accent); }
        select, input[type=password] { width: 100%; padding: 0.4rem 0.5rem; font: inherit; border: 1px solid #9aa3b2; border-radius: 5px; background: #fff; }
        button { font: inherit; font-weight: 600; padding: 0.55rem 1rem; border: 0; border-radius: 5px; background: var(--accent); color: #fff; cursor: pointer; }
        button:hover { background: #084a8c; }
        :focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
        .value { font-variant-numeric: tabular-nums; font-weight: 400; color: var(--muted); }
        h2 { font-size: 1rem; margin: 1.1rem 0 0.4rem; }
        h2.first { margin-top: 0; }
        .result { font-size: 2.2rem; font-weight: 700; font-variant-numeric: tabular-nums; margin: 0; }
        code.block { display: block; white-space: pre-wrap; word-break: break-all; background: #f0f2f5; border-radius: 5px; padding: 0.45rem 0.55rem; font-size: 0.82rem; }
        .status { min-height: 1.5em; margin: 0.5rem 0 0; }
        .status.error { color: #a01818; font-weight: 600; }
        figure { margin: 0; }
        figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.3rem; }
        svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
        .hint { color: var(--muted); font-size: 0.85rem; margin: 0; }
        .drift-warning { margin: 0; padding: 0.6rem 1.5rem; background: #fff4d6; border-bottom: 1px solid #e0b84c; color: #5c4300; }
        """

    /// Where the page carries the drift warning, when there is one (``driftWarning(_:records:)``): the page is
    /// built once per version, the warning at request time.
    static let driftWarningMarker = "<!-- drift warning -->"

    /// The banner naming each feature whose live PSI is in the major band.
    static func driftWarning(_ features: [(feature: String, psi: Double)], records: Int) -> String {
        let named = features.map { "\(HTMLText.escape($0.feature)) (PSI \(String(format: "%.2f", $0.psi)))" }.joined(separator: ", ")
        return """
            <p class="drift-warning" id="drift-warning" role="alert"><strong>Input drift:</strong> in the last \(records) records, \
            \(named) moved far from the model's training data (PSI ≥ \(String(format: "%.1f", DriftThresholds.default.psiMajor)), \
            major drift). Predictions for such inputs extrapolate beyond what the model has seen.</p>
            """
    }
}

/// One input of the app's form, for one term of the served model.
struct AppInput {
    let term: TermEncoding
    let label: String
    /// Numeric terms: the slider's range and step, from the training rows within what `/predict` accepts.
    let bounds: (low: Double, high: Double, step: Double)?
    let value: JSONValue

    init(term: TermEncoding, training: TrainingRows, default value: JSONValue?) {
        self.term = term
        switch term {
        case .numeric(let name):
            label = Measure.label(of: name)
            let accepted = MeasurementRange.of(name).bounds
            let values = training.numbers(name).filter(\.isFinite)
            let step: Double = values.allSatisfy { $0 == $0.rounded() } ? 1 : 0.1
            var (low, high) = (values.min() ?? accepted.lowerBound, values.max() ?? min(accepted.upperBound, accepted.lowerBound + 100))
            // Out to round numbers (steps of half a power of ten), so the ends read well under the thumb.
            let unit = max(step, pow(10, (log10(max(high - low, step))).rounded(.down)) / 2)
            (low, high) = ((low / unit).rounded(.down) * unit, (high / unit).rounded(.up) * unit)
            bounds = (max(low, accepted.lowerBound), min(high, accepted.upperBound), step)
            self.value = value ?? .number(bounds!.low)
        case .categorical(let name, let levels):
            label = name.prefix(1).uppercased() + name.dropFirst()
            bounds = nil
            self.value = value ?? .string(levels.last ?? "")
        }
    }

    var html: String {
        let name = HTMLText.escape(term.name)
        let id = "input-\(name)"
        switch term {
        case .numeric:
            let (low, high, step) = bounds!
            let current = if case .number(let number) = value { number } else { low }
            return """
                <div>
                <label for="\(id)">\(HTMLText.escape(label)) <output class="value" id="\(id)-value" for="\(id)"></output></label>
                <input type="range" id="\(id)" name="\(name)" min="\(Self.number(low))" max="\(Self.number(high))" \
                step="\(Self.number(step))" value="\(Self.number(current))">
                </div>
                """
        case .categorical(_, let levels):
            let chosen = if case .string(let level) = value { level } else { "" }
            let options = levels.map { level in
                "<option value=\"\(HTMLText.escape(level))\"\(level == chosen ? " selected" : "")>\(HTMLText.escape(level))</option>"
            }
            return """
                <div>
                <label for="\(id)">\(HTMLText.escape(label))</label>
                <select id="\(id)" name="\(name)">\(options.joined())</select>
                </div>
                """
        }
    }

    var configuration: JSONValue {
        switch term {
        case .numeric(let name):
            ["name": .string(name), "kind": "numeric", "label": .string(label), "unit": .string(Measure.named(name)?.unit ?? "")]
        case .categorical(let name, let levels):
            ["name": .string(name), "kind": "categorical", "label": .string(label), "levels": .array(levels.map(JSONValue.string))]
        }
    }

    /// A number as an HTML attribute: no exponent, no trailing zeros.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.4g", value)
    }
}

/// What the app's chart can show for a model: the first numeric term across, the response up, and a
/// fitted line per level of species (else of the first categorical term), or a note saying why it draws
/// no lines instead of drawing something wrong.
struct AppChart {
    let x: String?
    let lines: String?
    let note: String?

    init(encoding: DesignEncoding, training: TrainingRows) {
        x = encoding.terms.first { if case .numeric = $0 { true } else { false } }?.name
        let categorical = encoding.terms.filter { !$0.levels.isEmpty }.map(\.name)
        lines = categorical.contains("species") ? "species" : categorical.first
        if x == nil {
            note = "This model has no numeric input, so there is no line to draw against one: the prediction is its whole answer."
        } else if let reason = training.unavailable {
            note = "No training points to draw: \(reason)."
        } else {
            note = nil
        }
    }

    func heading(response: String) -> String {
        let up = Measure.named(response)?.name ?? response
        guard let x else { return up }
        return "\(up) against \((Measure.named(x)?.name ?? x).lowercased())"
    }
}
