import Crypto
import Foundation

/// The Content-Security-Policy of every page the gateway writes, without `'unsafe-inline'`: a page's own
/// inline scripts and styles are allowed by their SHA-256 hashes, computed from the very text the page
/// holds, so the policy cannot drift from the page and an injected script or style never runs.
public enum ContentSecurityPolicy {
    /// A page the server answers with: its inline blocks by hash, requests only to its own origin (the app
    /// and the docs page call `/predict`), and never framed.
    public static func servedPage(scripts: [String], styles: [String]) -> String {
        [
            "default-src 'none'",
            "script-src \(sources(scripts))",
            "style-src \(sources(styles))",
            "connect-src 'self'",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// The report's pages, given in a `<meta>` element because they are opened from disk or a static host
    /// that sets no headers: the site's own stylesheet, no script at all. (`frame-ancestors` is not
    /// allowed in a `<meta>` policy, so it is left out rather than ignored with a console warning.)
    public static let staticSite = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

    /// `'sha256-…'` of one inline block's exact text, as the browser hashes it.
    public static func hash(_ text: String) -> String {
        "'sha256-\(Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString())'"
    }

    private static func sources(_ blocks: [String]) -> String {
        blocks.isEmpty ? "'none'" : blocks.map(hash).joined(separator: " ")
    }
}
