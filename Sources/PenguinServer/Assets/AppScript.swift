/// The app page's script: reads the form the server wrote from the card, takes preset inputs from the
/// URL, predicts once on load and on every submit through `/predict`, and draws the chart. Served inline
/// and allowed by its hash (``ServedPage``), so the page needs no `'unsafe-inline'`.
enum AppScript {
    static let source = #"""
        "use strict";
        const config = JSON.parse(document.getElementById("penguins-configuration").textContent);
        const $ = (id) => document.getElementById(id);
        const form = $("predict-form"), keyInput = $("api-key"), prediction = $("prediction"), statusLine = $("status"), sent = $("sent");
        const inputs = config.inputs.map((input) => ({ ...input, element: $(`input-${input.name}`) }));
        const rows = config.rows.columns, rowCount = config.rows.count;
        const fallbackStyle = { colour: "#555555", marker: "M-1,0a1,1 0 1,0 2,0a1,1 0 1,0 -2,0Z" };
        const lineCache = {};
        let current = null;

        // URL parameters preset the inputs, named as the model's terms: ?bill_length_mm=50&species=Chinstrap.
        const params = new URLSearchParams(location.search), ignored = [];
        for (const input of inputs) {
          if (!params.has(input.name)) continue;
          const value = params.get(input.name), element = input.element;
          if (input.kind === "numeric") {
            const number = Number(value);
            if (value.trim() !== "" && Number.isFinite(number) && number >= Number(element.min) && number <= Number(element.max)) element.value = value;
            else ignored.push(`${input.name}=${value} (a number from ${element.min} to ${element.max})`);
          } else if (input.levels.includes(value)) element.value = value;
          else ignored.push(`${input.name}=${value} (one of ${input.levels.join(", ")})`);
        }

        function record() {
          const result = {};
          for (const input of inputs) result[input.name] = input.kind === "numeric" ? Number(input.element.value) : input.element.value;
          return result;
        }
        function showValues() {
          for (const input of inputs.filter((i) => i.kind === "numeric")) {
            const value = Number(input.element.value), step = Number(input.element.step), digits = step < 1 ? 1 : 0;
            $(`input-${input.name}-value`).textContent = value.toFixed(digits);
            input.element.setAttribute("aria-valuetext", `${value.toFixed(digits)} ${input.unit}`.trim());
          }
        }
        for (const input of inputs) {
          input.element.addEventListener(input.kind === "numeric" ? "input" : "change", () => { showValues(); if (input.name !== config.x) refreshLines().then(draw); });
        }
        showValues();

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

        // The inputs a fitted line holds fixed: everything but the horizontal axis and the line's own level.
        const heldKey = () => JSON.stringify(Object.entries(record()).filter(([name]) => name !== config.x && name !== config.lines));
        const lineLevels = () => config.lines ? inputs.find((i) => i.name === config.lines).levels : [null];

        // The ends of each fitted line, over the bill lengths (or whatever x is) seen for that level.
        async function refreshLines() {
          if (!config.x) return;
          const key = heldKey();
          if (lineCache[key]) return;
          const xs = rows[config.x] || [], records = [], base = record();
          for (const level of lineLevels()) {
            let own = xs.filter((_, i) => level === null || rows[config.lines][i] === level);
            if (own.length === 0) own = xs;
            if (own.length === 0) continue;
            for (const x of [Math.min(...own), Math.max(...own)]) {
              const r = { ...base, [config.x]: x };
              if (level !== null) r[config.lines] = level;
              records.push(r);
            }
          }
          if (records.length === 0) return;
          try {
            const ys = await callPredict(records);
            lineCache[key] = lineLevels().map((level, i) => ({ level, ends: [[records[2 * i][config.x], ys[2 * i]], [records[2 * i + 1][config.x], ys[2 * i + 1]]] }));
          } catch (_) { /* the lines wait for a working key; predict() reports the error */ }
        }

        async function predict() {
          const r = record();
          sent.textContent = JSON.stringify([r]);
          statusLine.className = "status";
          statusLine.textContent = "Predicting…";
          try {
            const [value] = await callPredict([r]);
            prediction.textContent = Math.round(value).toLocaleString("en-US");
            prediction.dataset.value = String(value);
            current = { x: config.x ? r[config.x] : null, y: value };
            const described = inputs.map((i) => `${i.label.replace(/ \(.*\)$/, "").toLowerCase()} ${r[i.name]}${i.unit ? ` ${i.unit}` : ""}`).join(", ");
            statusLine.textContent = `Predicted ${Math.round(value).toLocaleString("en-US")}${config.response.unit ? ` ${config.response.unit}` : ""} for ${described}.` + (ignored.length ? ` Ignored URL parameters: ${ignored.join("; ")}.` : "");
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
        const speciesStyle = (name) => config.species[name] || fallbackStyle;
        function marker(style, x, y, size, attributes, parent) {
          return element("path", { d: style.marker, transform: `translate(${x} ${y}) scale(${size})`, fill: style.colour, "vector-effect": "non-scaling-stroke", ...attributes }, parent);
        }
        // Round-number ticks (1, 2 or 5 times a power of ten), as the report's axes.
        function ticks(low, high) {
          if (low === high) { low -= 1; high += 1; }
          const raw = (high - low) / 6, magnitude = Math.pow(10, Math.floor(Math.log10(raw))), residual = raw / magnitude;
          const step = (residual >= Math.sqrt(50) ? 10 : residual >= Math.sqrt(10) ? 5 : residual >= Math.sqrt(2) ? 2 : 1) * magnitude;
          const values = [];
          for (let v = Math.floor(low / step) * step; v <= Math.ceil(high / step) * step + step / 2; v += step) values.push(Number(v.toFixed(10)));
          return { values, lower: values[0], upper: values[values.length - 1], digits: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
        }

        function draw() {
          if (config.chartNote) $("chart-caption").textContent = config.chartNote;
          if (!config.x) return;
          const svg = $("chart");
          for (const node of [...svg.querySelectorAll("g")]) node.remove();
          const W = 760, H = 470, left = 64, right = 170, top = 16, bottom = 50;
          const xs = (rows[config.x] || []).slice(), ys = (rows[config.response.name] || []).slice();
          const lines = lineCache[heldKey()] || [];
          for (const line of lines) for (const [x, y] of line.ends) { xs.push(x); ys.push(y); }
          if (current) { xs.push(current.x); ys.push(current.y); }
          if (xs.length === 0) return;
          const tx = ticks(Math.min(...xs), Math.max(...xs)), ty = ticks(Math.min(...ys), Math.max(...ys));
          const sx = (x) => left + ((x - tx.lower) / (tx.upper - tx.lower)) * (W - left - right);
          const sy = (y) => H - bottom - ((y - ty.lower) / (ty.upper - ty.lower)) * (H - top - bottom);
          const g = element("g", {}, svg);
          for (const x of tx.values) {
            element("line", { x1: sx(x), x2: sx(x), y1: top, y2: H - bottom, stroke: "#e6e9ef" }, g);
            element("text", { x: sx(x), y: H - bottom + 18, "text-anchor": "middle" }, g).textContent = x.toLocaleString("en-US", { minimumFractionDigits: tx.digits });
          }
          for (const y of ty.values) {
            element("line", { x1: left, x2: W - right, y1: sy(y), y2: sy(y), stroke: "#e6e9ef" }, g);
            element("text", { x: left - 8, y: sy(y) + 4, "text-anchor": "end" }, g).textContent = y.toLocaleString("en-US", { minimumFractionDigits: ty.digits });
          }
          const xLabel = inputs.find((i) => i.name === config.x).label;
          element("text", { x: (left + W - right) / 2, y: H - 10, "text-anchor": "middle" }, g).textContent = xLabel;
          element("text", { x: 16, y: (top + H - bottom) / 2, "text-anchor": "middle", transform: `rotate(-90 16 ${(top + H - bottom) / 2})` }, g).textContent = config.response.label;
          // Points that differ from the chosen value of a categorical input the lines do not vary are faded.
          const others = inputs.filter((i) => i.kind === "categorical" && i.name !== config.lines && rows[i.name]);
          const chosen = record();
          for (let i = 0; i < rowCount; i++) {
            const full = others.every((input) => rows[input.name][i] === chosen[input.name]);
            marker(speciesStyle(rows.species ? rows.species[i] : ""), sx(rows[config.x][i]), sy(rows[config.response.name][i]), 3.6, { "fill-opacity": full ? 0.85 : 0.18, stroke: full ? "#fff" : "none", "stroke-width": 0.6 }, g);
          }
          const dashes = ["", "8 4", "2 3", "10 3 2 3"];
          lines.forEach((line, i) => {
            const colour = config.lines === "species" ? speciesStyle(line.level).colour : "#333333";
            const [[x1, y1], [x2, y2]] = line.ends;
            element("line", { x1: sx(x1), y1: sy(y1), x2: sx(x2), y2: sy(y2), stroke: colour, "stroke-width": 3, "stroke-dasharray": config.lines === "species" ? "" : dashes[i % dashes.length] }, g);
            if (config.lines && config.lines !== "species") element("text", { x: sx(x2) + 6, y: sy(y2) + 4, "font-weight": 600 }, g).textContent = line.level;
          });
          if (current) {
            const x = sx(current.x), y = sy(current.y);
            element("polygon", { points: `${x},${y - 10} ${x + 10},${y} ${x},${y + 10} ${x - 10},${y}`, fill: "#111", stroke: "#fff", "stroke-width": 2 }, g);
            element("text", { x: x + 14, y: y - 10, "font-weight": 700, stroke: "#fff", "stroke-width": 4, "paint-order": "stroke" }, g).textContent = Math.round(current.y).toLocaleString("en-US");
          }
          const legend = element("g", { transform: `translate(${W - right + 16}, ${top + 8})` }, g);
          const names = Object.keys(config.species);
          names.forEach((name, i) => {
            marker(speciesStyle(name), 6, i * 22, 5, {}, legend);
            element("text", { x: 18, y: i * 22 + 4 }, legend).textContent = name;
          });
          const base = names.length * 22 + 8;
          const held = others.map((i) => chosen[i.name]).concat(inputs.filter((i) => i.kind === "numeric" && i.name !== config.x).map((i) => `${i.label} ${chosen[i.name]}`));
          element("line", { x1: 0, x2: 14, y1: base, y2: base, stroke: "#555", "stroke-width": 3 }, legend);
          element("text", { x: 18, y: base + 4 }, legend).textContent = held.length ? `fitted, ${held.join(", ")}` : "fitted";
          element("polygon", { points: `6,${base + 14} 13,${base + 21} 6,${base + 28} -1,${base + 21}`, fill: "#111" }, legend);
          element("text", { x: 18, y: base + 25 }, legend).textContent = "prediction";
          const fading = others.length ? ` faded points differ from the chosen ${others.map((i) => i.label.toLowerCase()).join(" and ")};` : "";
          const per = config.lines ? ` per ${config.lines}` : "";
          $("chart-caption").textContent = `${rowCount} training penguins;${fading} lines are the model's predictions${per}` + (held.length ? ` for ${held.join(", ")}.` : ".") + (config.chartNote ? ` ${config.chartNote}` : "");
        }

        draw();
        if (config.authRequired && keyInput.value.trim() === "") {
          statusLine.textContent = "This server needs an API key: enter it and press Predict.";
          prediction.textContent = "–";
        } else predict();
        """#
}
