import Foundation

/// The static report site: `penguins report --out DIR` writes it, CI publishes it to GitHub Pages.
///
/// The pages are self-contained (no JavaScript, no external assets, charts inline as SVG), so the site
/// opens from disk, survives being copied anywhere, and reads the same in a browser, on a phone and in print.
///
/// ## Topics
/// - ``build(_:into:)``
/// - ``ReportInput``
public enum ReportSite {
    /// Writes the pages and their stylesheet into `directory`, creating it if needed, and returns the paths
    /// written. Files of an earlier build are overwritten; nothing else in the directory is touched.
    public static func build(_ input: ReportInput, into directory: String) throws(ReportSiteError) -> [String] {
        let eda: Markup
        do { eda = try EDAPage.body(input.penguins) } catch { throw .data(error) }
        let pages: [(SitePage, Markup)] = [
            (.overview, OverviewPage.body(input)), (.eda, eda), (.model, ModelPage.body(input)),
            (.monitoring, MonitoringPage.body(input)),
        ]
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: systemReason(error))
        }
        var written: [String] = []
        for (page, body) in pages {
            let document = PageDocument.render(page, generatedAt: input.generatedAt, body: body)
            written.append(try write(document.rendered, to: page.fileName, in: directory))
        }
        written.append(try write(StyleSheet.css, to: StyleSheet.fileName, in: directory))
        return written
    }

    /// The operating system's words for a file error ("Not a directory"), which Foundation keeps as the
    /// underlying POSIX error; its own description on Linux is only a Cocoa error number.
    private static func systemReason(_ error: any Error) -> String {
        switch (error as NSError).userInfo[NSUnderlyingErrorKey] {
        case let posix as POSIXError: return String(cString: strerror(posix.code.rawValue))
        case let posix as NSError where posix.domain == NSPOSIXErrorDomain: return String(cString: strerror(Int32(posix.code)))
        default: break
        }
        return error.localizedDescription
    }

    private static func write(_ text: String, to name: String, in directory: String) throws(ReportSiteError) -> String {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: systemReason(error))
        }
        return path
    }
}
