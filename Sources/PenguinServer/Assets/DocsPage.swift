/// `/docs`: renders `/openapi.json` with a few lines of the page's own script instead of Swagger UI, so
/// the documentation works offline and loads nothing from a CDN.
enum DocsPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PenguinGateway API</title>
        <style>
        body { margin: 0 auto; max-width: 960px; padding: 1rem 1.5rem 3rem; font: 16px/1.5 system-ui, sans-serif; color: #1d2433; }
        h1 { margin-bottom: 0.2rem; }
        .operation { border: 1px solid #d5dae3; border-radius: 8px; margin: 1rem 0; padding: 0.6rem 1rem; }
        .method { display: inline-block; min-width: 4.2rem; text-align: center; font-weight: 700; border-radius: 4px; padding: 0.1rem 0.4rem; color: #fff; background: #0b5cad; }
        .method.post { background: #1b7a3a; }
        .path { font-family: ui-monospace, monospace; font-weight: 700; margin-left: 0.5rem; }
        .lock { margin-left: 0.5rem; color: #8a5a00; font-size: 0.85rem; }
        pre { background: #f0f2f5; border-radius: 5px; padding: 0.5rem 0.7rem; overflow-x: auto; font-size: 0.82rem; }
        details summary { cursor: pointer; font-weight: 600; }
        :focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
        </style>
        </head>
        <body>
        <h1 id="title">API</h1>
        <p id="summary"></p>
        <p>The machine-readable document is <a href="openapi.json">openapi.json</a>.</p>
        <div id="operations" aria-live="polite">Loading…</div>
        <script>
        "use strict";
        const create = (tag, text, className) => { const node = document.createElement(tag); if (text !== undefined) node.textContent = text; if (className) node.className = className; return node; };
        function resolve(spec, value) {
          if (value && typeof value === "object" && typeof value.$ref === "string") {
            return value.$ref.slice(2).split("/").reduce((node, key) => node[key], spec);
          }
          return value;
        }
        function block(title, value) {
          const details = create("details");
          details.append(create("summary", title), create("pre", JSON.stringify(value, null, 2)));
          return details;
        }
        fetch("openapi.json").then((response) => response.json()).then((spec) => {
          document.getElementById("title").textContent = `${spec.info.title} ${spec.info.version}`;
          document.getElementById("summary").textContent = spec.info.description || spec.info.summary || "";
          const list = document.getElementById("operations");
          list.textContent = "";
          for (const [path, item] of Object.entries(spec.paths)) {
            for (const [method, operation] of Object.entries(item)) {
              const section = create("section", undefined, "operation");
              const heading = create("h2");
              heading.append(create("span", method.toUpperCase(), `method ${method}`), create("span", path, "path"));
              if (operation.security) heading.append(create("span", "needs an API key", "lock"));
              section.append(heading, create("p", operation.summary + (operation.description ? `. ${operation.description}` : "")));
              if (operation.requestBody) {
                const content = resolve(spec, operation.requestBody).content;
                for (const [type, media] of Object.entries(content)) {
                  section.append(block(`Request body (${type})`, resolve(spec, media.schema)));
                  for (const [name, example] of Object.entries(media.examples || {})) section.append(block(`Example: ${example.summary || name}`, example.value));
                }
              }
              for (const [status, response] of Object.entries(operation.responses)) {
                const resolved = resolve(spec, response);
                const media = resolved.content ? Object.entries(resolved.content)[0] : null;
                const schema = media ? resolve(spec, media[1].schema) : null;
                section.append(schema ? block(`${status}: ${resolved.description} (${media[0]})`, schema) : create("p", `${status}: ${resolved.description}`));
              }
              list.append(section);
            }
          }
          list.append(block("Shared schemas", spec.components.schemas));
        }).catch((error) => { document.getElementById("operations").textContent = `Could not load openapi.json: ${error.message}`; });
        </script>
        </body>
        </html>
        """#
}
