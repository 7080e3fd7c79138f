import Foundation
import PenguinStyle

/// The HTML5 shell every page shares: a Content-Security-Policy that allows the site's own stylesheet and
/// nothing else (no script, no inline style), metadata for phones, the one stylesheet, navigation with the current
/// page marked for assistive technology, and a footer that dates the build.
enum PageDocument {
    static let siteName = "Palmer Penguins report"

    static func render(_ page: SitePage, generatedAt: Date, body: Markup) -> Markup {
        let links: [Markup] = SitePage.allCases.map { target in
            let current: Markup = target == page ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(target.fileName)\"\(current)>\(target.title)</a></li>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(ContentSecurityPolicy.staticSite)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="PenguinGateway">
            <title>\(page.title) · \(siteName)</title>
            <link rel="stylesheet" href="\(StyleSheet.fileName)">
            </head>
            <body>
            <header class="site-header">
            <p class="site-name"><a href="\(SitePage.overview.fileName)">\(siteName)</a></p>
            <nav aria-label="Pages"><ul>\(links)</ul></nav>
            </header>
            <main>
            \(body)
            </main>
            <footer class="site-footer">
            <p>Generated \(DateText.element(generatedAt)) by PenguinGateway. Data: Palmer Penguins \
            (Horst, Hill &amp; Gorman), CC0 1.0.</p>
            </footer>
            </body>
            </html>

            """
    }
}
