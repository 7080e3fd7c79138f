import Foundation
import PenguinJSON
import PenguinStyle

/// `/docs`: the OpenAPI document rendered on the server as plain HTML, so it reads without JavaScript and
/// loads nothing from a CDN, plus a form to try `/predict` from the page. The form's small script is
/// progressive enhancement: without it the page still shows everything and gives the curl command.
enum DocsPage {
    /// `paths` in ``Endpoint`` order; `example` is the request body the form starts with.
    static func page(document: JSONValue, example: JSONValue, authEnabled: Bool) -> ServedPage {
        let info = document.member("info")
        let title = "\(info?.member("title")?.text ?? "API") \(info?.member("version")?.text ?? "")"
        var operations: [String] = []
        for endpoint in Endpoint.allCases {
            let method = endpoint.method.rawValue.lowercased()
            guard let operation = document.member("paths")?.member(endpoint.path)?.member(method) else { continue }
            operations.append(section(path: endpoint.path, method: method, operation: operation, document: document, example: endpoint == .predict ? Optional(example) : Optional.none, authEnabled: authEnabled))
        }
        let body = """
            <header>
            <h1>\(HTMLText.escape(title))</h1>
            <p>\(HTMLText.escape(info?.member("summary")?.text ?? ""))</p>
            <p>\(HTMLText.escape(info?.member("description")?.text ?? ""))</p>
            <p>The machine-readable document is <a href="openapi.json">openapi.json</a>; the interactive app is at <a href="./">/</a>.</p>
            </header>
            <main>
            \(operations.joined(separator: "\n"))
            \(block("Shared schemas", document.member("components")?.member("schemas") ?? .null))
            </main>
            """
        return ServedPage(title: title, style: style, body: body, script: script)
    }

    private static func section(path: String, method: String, operation: JSONValue, document: JSONValue, example: JSONValue?, authEnabled: Bool) -> String {
        var parts: [String] = []
        let lock = operation.member("security") == nil ? "" : #" <span class="lock">needs an API key</span>"#
        parts.append(#"<h2><span class="method \#(HTMLText.escape(method))">\#(HTMLText.escape(method.uppercased()))</span> <span class="path">\#(HTMLText.escape(path))</span>\#(lock)</h2>"#)
        let summary = operation.member("summary")?.text ?? ""
        let description = operation.member("description")?.text.map { ". \($0)" } ?? ""
        parts.append("<p>\(HTMLText.escape(summary + description))</p>")
        if case .object(let content)? = resolve(operation.member("requestBody"), in: document)?.member("content") {
            for (type, media) in content.sorted(by: { $0.key < $1.key }) {
                parts.append(block("Request body (\(type))", resolve(media.member("schema"), in: document) ?? .null))
                if case .object(let examples)? = media.member("examples") {
                    for (name, example) in examples.sorted(by: { $0.key < $1.key }) {
                        parts.append(block("Example: \(example.member("summary")?.text ?? name)", example.member("value") ?? .null))
                    }
                }
            }
        }
        if case .object(let responses)? = operation.member("responses") {
            for (status, response) in responses.sorted(by: { $0.key < $1.key }) {
                let resolved = resolve(response, in: document)
                let described = "\(status): \(resolved?.member("description")?.text ?? "")"
                if case .object(let content)? = resolved?.member("content"), let media = content.sorted(by: { $0.key < $1.key }).first,
                    let schema = resolve(media.value.member("schema"), in: document)
                {
                    parts.append(block("\(described) (\(media.key))", schema))
                } else {
                    parts.append("<p>\(HTMLText.escape(described))</p>")
                }
            }
        }
        if let example { parts.append(tryForm(path: path, example: example, authEnabled: authEnabled)) }
        return #"<section class="operation" id="\#(HTMLText.escape(operation.member("operationId")?.text ?? path))">"# + parts.joined(separator: "\n") + "</section>"
    }

    /// A form that sends its JSON to the route and shows the answer; the button is enabled by the script.
    private static func tryForm(path: String, example: JSONValue, authEnabled: Bool) -> String {
        let compact = String(decoding: example.encoded(), as: UTF8.self)
        let key = authEnabled ? """
            <label for="try-key">API key</label>
            <input type="password" id="try-key" autocomplete="off" spellcheck="false">
            """ : ""
        return """
            <form id="try-form" class="try" data-path="\(HTMLText.escape(String(path.dropFirst())))">
            <h3>Try it</h3>
            <label for="try-body">Request body (JSON)</label>
            <textarea id="try-body" name="body" rows="\(min(16, pretty(example).split(separator: "\n").count + 1))" spellcheck="false">\(HTMLText.escape(pretty(example)))</textarea>
            \(key)
            <button type="submit" id="try-send" disabled>Send POST \(HTMLText.escape(path))</button>
            <p class="hint">Without JavaScript, send it with curl: <code>curl -s -X POST "$SERVER\(HTMLText.escape(path))" \
            -H 'Content-Type: application/json'\(authEnabled ? " -H 'Authorization: Bearer $KEY'" : "") -d '\(HTMLText.escape(compact))'</code></p>
            <p id="try-status" role="status" aria-live="polite"></p>
            <pre id="try-response"></pre>
            </form>
            """
    }

    private static func block(_ title: String, _ value: JSONValue) -> String {
        "<details><summary>\(HTMLText.escape(title))</summary><pre>\(HTMLText.escape(pretty(value)))</pre></details>"
    }

    /// Follows a local `$ref` such as `#/components/schemas/Record`; other values are returned as they are.
    private static func resolve(_ value: JSONValue?, in document: JSONValue) -> JSONValue? {
        guard let value, case .string(let reference)? = value.member("$ref"), reference.hasPrefix("#/") else { return value }
        return reference.dropFirst(2).split(separator: "/").reduce(document as JSONValue?) { $0?.member(String($1)) }
    }

    private static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private static let style = """
        body { margin: 0 auto; max-width: 960px; padding: 1rem 1.5rem 3rem; font: 16px/1.5 system-ui, sans-serif; color: #1d2433; }
        h1 { margin-bottom: 0.2rem; }
        a { color: #0b5cad; }
        .operation { border: 1px solid #d5dae3; border-radius: 8px; margin: 1rem 0; padding: 0.6rem 1rem; }
        .operation h2 { font-size: 1.15rem; }
        .method { display: inline-block; min-width: 4.2rem; text-align: center; font-weight: 700; border-radius: 4px; padding: 0.1rem 0.4rem; color: #fff; background: #0b5cad; }
        .method.post { background: #1b7a3a; }
        .path { font-family: ui-monospace, monospace; font-weight: 700; margin-left: 0.5rem; }
        .lock { margin-left: 0.5rem; color: #8a5a00; font-size: 0.85rem; }
        pre { background: #f0f2f5; border-radius: 5px; padding: 0.5rem 0.7rem; overflow-x: auto; font-size: 0.82rem; }
        pre:empty { display: none; }
        details summary { cursor: pointer; font-weight: 600; }
        .try { display: grid; gap: 0.4rem; border-top: 1px solid #d5dae3; margin-top: 0.8rem; padding-top: 0.4rem; }
        .try h3 { margin: 0.2rem 0; font-size: 1rem; }
        .try label { font-weight: 600; }
        textarea, input[type=password] { font: 0.9rem ui-monospace, monospace; padding: 0.4rem; border: 1px solid #9aa3b2; border-radius: 5px; }
        button { justify-self: start; font: inherit; font-weight: 600; padding: 0.45rem 0.9rem; border: 0; border-radius: 5px; background: #1b7a3a; color: #fff; cursor: pointer; }
        button:disabled { background: #9aa3b2; cursor: default; }
        .hint { color: #5b6475; font-size: 0.85rem; margin: 0; overflow-wrap: anywhere; }
        :focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
        """

    private static let script = #"""
        "use strict";
        const tryForm = document.getElementById("try-form");
        if (tryForm) {
          const send = document.getElementById("try-send"), status = document.getElementById("try-status"), output = document.getElementById("try-response");
          send.disabled = false;
          tryForm.addEventListener("submit", async (event) => {
            event.preventDefault();
            const headers = { "Content-Type": "application/json" };
            const key = document.getElementById("try-key");
            if (key && key.value.trim() !== "") headers["Authorization"] = "Bearer " + key.value.trim();
            status.textContent = "Sending…";
            try {
              const response = await fetch(tryForm.dataset.path, { method: "POST", headers, body: document.getElementById("try-body").value });
              const text = await response.text();
              let shown = text;
              try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON: shown as sent */ }
              status.textContent = `HTTP ${response.status} ${response.statusText}`;
              output.textContent = shown;
            } catch (error) {
              status.textContent = `Could not reach the server: ${error.message}`;
              output.textContent = "";
            }
          });
        }
        """#
}

extension JSONValue {
    /// A member of an object, nil for anything else.
    fileprivate func member(_ key: String) -> JSONValue? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    fileprivate var text: String? { if case .string(let text) = self { text } else { nil } }
}
