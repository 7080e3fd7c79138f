import Foundation
import PenguinStyle

/// An HTML page the server answers with, and the Content-Security-Policy that lets exactly its own inline
/// style and script run: both are built from the same strings, once, at start-up.
struct ServedPage: Sendable {
    let html: String
    let contentSecurityPolicy: String

    /// `head` goes after the charset, viewport and title; `body` is the page's content. The style and the
    /// script are placed verbatim, and hashed verbatim for the policy.
    init(title: String, style: String, head: String = "", body: String, script: String?) {
        html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <style>\(style)</style>
            \(head)</head>
            <body>
            \(body)
            \(script.map { "<script>\($0)</script>" } ?? "")
            </body>
            </html>

            """
        contentSecurityPolicy = ContentSecurityPolicy.servedPage(scripts: script.map { [$0] } ?? [], styles: [style])
    }

    private init(html: String, contentSecurityPolicy: String) {
        self.html = html
        self.contentSecurityPolicy = contentSecurityPolicy
    }

    /// The page with `fragment` in place of `marker`; the policy stays, as it covers only the style and the
    /// script, which the fragment must not bring.
    func replacing(_ marker: String, with fragment: String) -> ServedPage {
        ServedPage(html: html.replacingOccurrences(of: marker, with: fragment), contentSecurityPolicy: contentSecurityPolicy)
    }
}
