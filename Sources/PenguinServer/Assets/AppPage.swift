import PenguinModel

/// The labs' Shiny app as one self-contained page: inputs, the prediction, and a chart of the training
/// data with the fitted lines, all drawn by the page's own script so it works offline.
///
/// The page asks `/predict` for everything the model says (the prediction and the ends of each fitted
/// line), so it shows exactly what the API answers and needs no access to `/metadata`'s coefficients.
enum AppPage {
    static func html(card: ModelCard, encoding: DesignEncoding, points: [TrainingPoint], authRequired: Bool) -> String {
        func levels(_ term: String) -> JSONValue {
            .array((encoding.terms.first { $0.name == term }?.levels ?? []).map(JSONValue.string))
        }
        let configuration: JSONValue = [
            "model": .string(card.name),
            "version": .string(card.version),
            "authRequired": .bool(authRequired),
            "species": levels("species"),
            "sex": levels("sex"),
            "points": .array(
                points.map { point in
                    [
                        "x": .number(point.billLengthMM), "y": .number(point.bodyMassG), "species": .string(point.species),
                        "sex": .string(point.sex),
                    ]
                }),
        ]
        // JSONEncoder escapes "/", so the data cannot close the script element it sits in.
        let json = String(decoding: configuration.encoded(), as: UTF8.self)
        return template.replacingOccurrences(of: "__CONFIGURATION__", with: json)
    }

    private static let template = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Penguin body mass</title>
        <style>
        :root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #d5dae3; --accent: #0b5cad; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
        header { background: #fff; border-bottom: 1px solid var(--line); padding: 0.9rem 1.5rem; }
        header h1 { margin: 0; font-size: 1.35rem; }
        header p { margin: 0.1rem 0 0; color: var(--muted); font-size: 0.9rem; }
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
        .result { font-size: 2.2rem; font-weight: 700; font-variant-numeric: tabular-nums; margin: 0; }
        code { display: block; white-space: pre-wrap; word-break: break-all; background: #f0f2f5; border-radius: 5px; padding: 0.45rem 0.55rem; font-size: 0.82rem; }
        .status { min-height: 1.5em; margin: 0.5rem 0 0; }
        .status.error { color: #a01818; font-weight: 600; }
        figure { margin: 0; }
        figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.3rem; }
        svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
        .hint { color: var(--muted); font-size: 0.85rem; margin: 0; }
        </style>
        </head>
        <body>
        <header>
        <h1>Penguin body mass</h1>
        <p id="model-line"></p>
        </header>
        <main>
        <section class="panel" aria-labelledby="inputs-heading">
        <h2 id="inputs-heading" style="margin-top:0">Penguin</h2>
        <form id="predict-form" novalidate>
        <div>
        <label for="bill_length_mm">Bill length (mm) <span class="value" id="bill-value" aria-hidden="true"></span></label>
        <input type="range" id="bill_length_mm" name="bill_length_mm" min="30" max="60" step="0.1" value="45">
        </div>
        <div>
        <label for="species">Species</label>
        <select id="species" name="species"></select>
        </div>
        <div>
        <label for="sex">Sex</label>
        <select id="sex" name="sex"></select>
        </div>
        <div id="key-row" hidden>
        <label for="api-key">API key</label>
        <input type="password" id="api-key" name="api-key" autocomplete="off" spellcheck="false">
        <p class="hint">Kept in this page only; sent as Authorization: Bearer.</p>
        </div>
        <button type="submit" id="predict-button">Predict</button>
        <p class="hint">Enter in any field predicts too.</p>
        </form>
        <h2>Predicted Penguin Mass (g)</h2>
        <p class="result" id="prediction" aria-live="polite">–</p>
        <p class="status" id="status" role="status" aria-live="polite"></p>
        <h2>Parameters sent</h2>
        <code id="sent">–</code>
        </section>
        <section class="panel" aria-labelledby="chart-heading">
        <h2 id="chart-heading" style="margin-top:0">Body mass against bill length</h2>
        <figure>
        <svg id="chart" viewBox="0 0 760 470" width="100%" role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Body mass against bill length of the training penguins</title>
        <desc id="chart-desc">Training penguins coloured and shaped by species, the model's fitted line per species for the chosen sex, and the current prediction.</desc>
        </svg>
        <figcaption id="chart-caption"></figcaption>
        </figure>
        </section>
        </main>
        <script type="application/json" id="penguins-configuration">__CONFIGURATION__</script>
        <script>
        "use strict";
        const config = JSON.parse(document.getElementById("penguins-configuration").textContent);
        const $ = (id) => document.getElementById(id);
        const form = $("predict-form"), bill = $("bill_length_mm"), species = $("species"), sex = $("sex");
        const keyInput = $("api-key"), prediction = $("prediction"), statusLine = $("status"), sent = $("sent");
        // Okabe–Ito colours, which stay distinct under the common colour-vision deficiencies; shapes repeat the coding.
        const palette = ["#E69F00", "#CC79A7", "#0072B2", "#009E73", "#D55E00", "#56B4E9"];
        const shapes = ["circle", "triangle", "square"];
        const style = (name) => { const i = Math.max(0, config.species.indexOf(name)); return { colour: palette[i % palette.length], shape: shapes[i % shapes.length] }; };
        const lineCache = {};
        let current = null;

        $("model-line").textContent = `Model ${config.model} · version ${config.version}`;
        for (const [select, levels] of [[species, config.species], [sex, config.sex]]) {
          for (const level of levels) select.add(new Option(level, level));
        }
        species.value = config.species.includes("Gentoo") ? "Gentoo" : config.species[config.species.length - 1];
        sex.value = config.sex.includes("male") ? "male" : config.sex[config.sex.length - 1];
        if (config.authRequired) $("key-row").hidden = false;

        const params = new URLSearchParams(location.search);
        if (params.has("bill_length_mm")) bill.value = params.get("bill_length_mm");
        if (params.has("species")) species.value = params.get("species");
        if (params.has("sex")) sex.value = params.get("sex");

        function showBill() {
          $("bill-value").textContent = Number(bill.value).toFixed(1);
          bill.setAttribute("aria-valuetext", `${Number(bill.value).toFixed(1)} millimetres`);
        }
        bill.addEventListener("input", showBill);
        sex.addEventListener("change", () => refreshLines().then(draw));
        showBill();

        async function callPredict(records) {
          const headers = { "Content-Type": "application/json" };
          if (keyInput.value.trim() !== "") headers["Authorization"] = "Bearer " + keyInput.value.trim();
          const response = await fetch("predict", { method: "POST", headers, body: JSON.stringify(records) });
          let body = null;
          try { body = await response.json(); } catch (_) { /* not JSON: reported below by status */ }
          if (!response.ok) {
            const detail = body && body.error ? `${body.error}${body.field ? ` (field: ${body.field})` : ""}` : response.statusText;
            throw new Error(`HTTP ${response.status}: ${detail}`);
          }
          return body.predict;
        }

        // The ends of each species' fitted line for the chosen sex, over that species' observed bill lengths.
        async function refreshLines() {
          const chosen = sex.value;
          if (lineCache[chosen]) return;
          const records = [];
          for (const name of config.species) {
            const xs = config.points.filter((p) => p.species === name).map((p) => p.x);
            if (xs.length === 0) continue;
            for (const x of [Math.min(...xs), Math.max(...xs)]) records.push({ bill_length_mm: x, species: name, sex: chosen });
          }
          if (records.length === 0) return;
          try {
            const ys = await callPredict(records);
            lineCache[chosen] = records.reduce((lines, record, i) => {
              (lines[record.species] = lines[record.species] || []).push([record.bill_length_mm, ys[i]]);
              return lines;
            }, {});
          } catch (_) { /* the lines wait for a working key; predict() reports the error */ }
        }

        async function predict() {
          const record = { bill_length_mm: Number(bill.value), species: species.value, sex: sex.value };
          sent.textContent = JSON.stringify([record]);
          statusLine.className = "status";
          statusLine.textContent = "Predicting…";
          try {
            const [value] = await callPredict([record]);
            prediction.textContent = Math.round(value).toLocaleString("en-US");
            prediction.dataset.value = String(value);
            current = { x: record.bill_length_mm, y: value, species: record.species };
            statusLine.textContent = `Predicted ${Math.round(value).toLocaleString("en-US")} g for a ${record.sex} ${record.species} with a ${record.bill_length_mm.toFixed(1)} mm bill.`;
            await refreshLines();
          } catch (error) {
            prediction.textContent = "–";
            delete prediction.dataset.value;
            current = null;
            statusLine.className = "status error";
            statusLine.textContent = error.message;
          }
          draw();
        }

        form.addEventListener("submit", (event) => { event.preventDefault(); predict(); });
        form.addEventListener("keydown", (event) => {
          if (event.key === "Enter" && event.target.tagName !== "BUTTON") { event.preventDefault(); form.requestSubmit(); }
        });

        const svgNS = "http://www.w3.org/2000/svg";
        function element(name, attributes, parent) {
          const node = document.createElementNS(svgNS, name);
          for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
          parent.appendChild(node);
          return node;
        }
        function marker(shape, x, y, size, attributes, parent) {
          if (shape === "triangle") return element("polygon", { points: `${x},${y - size * 1.2} ${x - size * 1.1},${y + size * 0.8} ${x + size * 1.1},${y + size * 0.8}`, ...attributes }, parent);
          if (shape === "square") return element("rect", { x: x - size * 0.9, y: y - size * 0.9, width: size * 1.8, height: size * 1.8, ...attributes }, parent);
          return element("circle", { cx: x, cy: y, r: size, ...attributes }, parent);
        }

        function draw() {
          const svg = $("chart");
          for (const node of [...svg.querySelectorAll("g")]) node.remove();
          const W = 760, H = 470, left = 64, right = 150, top = 16, bottom = 50;
          const ys = config.points.map((p) => p.y).concat(current ? [current.y] : []);
          const yMin = Math.floor((Math.min(2700, ...ys) - 100) / 500) * 500, yMax = Math.ceil((Math.max(6300, ...ys) + 100) / 500) * 500;
          const sx = (x) => left + ((x - 30) / 30) * (W - left - right);
          const sy = (y) => H - bottom - ((y - yMin) / (yMax - yMin)) * (H - top - bottom);
          const g = element("g", {}, svg);
          for (let x = 30; x <= 60; x += 5) {
            element("line", { x1: sx(x), x2: sx(x), y1: top, y2: H - bottom, stroke: "#e6e9ef" }, g);
            element("text", { x: sx(x), y: H - bottom + 18, "text-anchor": "middle" }, g).textContent = x;
          }
          for (let y = yMin; y <= yMax; y += 500) {
            element("line", { x1: left, x2: W - right, y1: sy(y), y2: sy(y), stroke: "#e6e9ef" }, g);
            element("text", { x: left - 8, y: sy(y) + 4, "text-anchor": "end" }, g).textContent = y.toLocaleString("en-US");
          }
          element("text", { x: (left + W - right) / 2, y: H - 10, "text-anchor": "middle" }, g).textContent = "Bill length (mm)";
          element("text", { x: 16, y: (top + H - bottom) / 2, "text-anchor": "middle", transform: `rotate(-90 16 ${(top + H - bottom) / 2})` }, g).textContent = "Body mass (g)";
          for (const p of config.points) {
            const chosen = p.sex === sex.value, s = style(p.species);
            marker(s.shape, sx(p.x), sy(p.y), 3.6, { fill: s.colour, "fill-opacity": chosen ? 0.85 : 0.18, stroke: chosen ? "#fff" : "none", "stroke-width": 0.6 }, g);
          }
          const lines = lineCache[sex.value] || {};
          for (const [name, ends] of Object.entries(lines)) {
            element("line", { x1: sx(ends[0][0]), y1: sy(ends[0][1]), x2: sx(ends[1][0]), y2: sy(ends[1][1]), stroke: style(name).colour, "stroke-width": 3 }, g);
          }
          if (current) {
            const x = sx(current.x), y = sy(current.y);
            element("polygon", { points: `${x},${y - 10} ${x + 10},${y} ${x},${y + 10} ${x - 10},${y}`, fill: "#111", stroke: "#fff", "stroke-width": 2 }, g);
            element("text", { x: x + 14, y: y - 10, "font-weight": 700, stroke: "#fff", "stroke-width": 4, "paint-order": "stroke" }, g).textContent = `${Math.round(current.y).toLocaleString("en-US")} g`;
          }
          const legend = element("g", { transform: `translate(${W - right + 16}, ${top + 8})` }, g);
          config.species.forEach((name, i) => {
            const s = style(name);
            marker(s.shape, 6, i * 22, 5, { fill: s.colour }, legend);
            element("text", { x: 18, y: i * 22 + 4 }, legend).textContent = name;
          });
          const base = config.species.length * 22 + 8;
          element("line", { x1: 0, x2: 14, y1: base, y2: base, stroke: "#555", "stroke-width": 3 }, legend);
          element("text", { x: 18, y: base + 4 }, legend).textContent = `fitted, ${sex.value}`;
          element("polygon", { points: `6,${base + 14} 13,${base + 21} 6,${base + 28} -1,${base + 21}`, fill: "#111" }, legend);
          element("text", { x: 18, y: base + 25 }, legend).textContent = "prediction";
          $("chart-caption").textContent = `${config.points.length} training penguins; faded points are the other sex. Lines are the model's predictions for ${sex.value} penguins.`;
        }

        draw();
        if (params.get("autopredict") === "1") form.requestSubmit();
        else if (!config.authRequired) refreshLines().then(draw);
        </script>
        </body>
        </html>
        """#
}
