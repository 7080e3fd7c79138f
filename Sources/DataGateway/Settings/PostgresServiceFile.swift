import Foundation

/// libpq's connection service files (`pg_service.conf`), read the way libpq reads them, so the gateway can
/// tell where a `service=` name (or `PGSERVICE`) really points before it decides on TLS.
///
/// libpq looks in `PGSERVICEFILE` (default `~/.pg_service.conf`), then in `PGSYSCONFDIR/pg_service.conf`;
/// the first file with a `[name]` section wins. A service found in neither is unknown here: libpq may still
/// find it in the directory it was compiled with, so the caller treats it as remote.
enum PostgresServiceFile {
    /// The options the service sets, or nil when no file the gateway can read defines it.
    static func options(ofService name: String, environment: [String: String]) -> [String: String]? {
        var paths: [String] = []
        if let file = environment["PGSERVICEFILE"], !file.isEmpty {
            paths.append(file)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            paths.append((home as NSString).appendingPathComponent(".pg_service.conf"))
        }
        if let directory = environment["PGSYSCONFDIR"], !directory.isEmpty {
            paths.append((directory as NSString).appendingPathComponent("pg_service.conf"))
        }
        for path in paths {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            if let options = options(ofService: name, in: text) { return options }
        }
        return nil
    }

    /// The `key=value` lines of section `[name]` in one file's text, or nil when it has no such section.
    /// Blank lines and lines starting with `#` are skipped, as libpq does.
    static func options(ofService name: String, in text: String) -> [String: String]? {
        var options: [String: String]?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                if options != nil { break }
                if line == "[\(name)]" { options = [:] }
                continue
            }
            guard options != nil, let equals = line.firstIndex(of: "=") else { continue }
            let keyword = line[..<equals].trimmingCharacters(in: .whitespaces)
            // The first setting of a keyword wins in libpq.
            if options?[keyword] == nil { options?[keyword] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces) }
        }
        return options
    }
}
