import CLibPQ

/// A Postgres connection string, parsed by libpq's own parser so that we accept exactly what libpq accepts:
/// URIs, `key=value` strings, multiple hosts and `target_session_attrs` all pass through untouched.
struct PostgresConninfo: Sendable {
    /// The options the string sets explicitly, as libpq parsed them; `isSecret` where libpq marks the option
    /// as one to hide (`dispchar` `*`: `password`, `sslpassword`, and whatever later versions add).
    let options: [(keyword: String, value: String, isSecret: Bool)]

    init(_ conninfo: String) throws(SettingsError) {
        var message: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(conninfo, &message) else {
            let reason = message.map { String(cString: $0) } ?? "libpq could not parse it"
            PQfreemem(message)
            throw .invalidValue(
                setting: "DATABASE_URL",
                problem: "not a valid Postgres connection string: \(Self.withoutQuotedFragments(reason))")
        }
        defer { PQconninfoFree(parsed) }
        options = Self.options(parsed)
    }

    /// The set options of a libpq option array (from `PQconninfoParse` or `PQconninfo`).
    static func options(_ array: UnsafeMutablePointer<PQconninfoOption>) -> [(keyword: String, value: String, isSecret: Bool)] {
        var options: [(String, String, Bool)] = []
        var option = array
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                options.append((String(cString: keyword), String(cString: value), option.pointee.dispchar?.pointee == CChar(UInt8(ascii: "*"))))
            }
            option += 1
        }
        return options
    }

    /// The values of the options libpq marks secret, to scrub from any message that might echo them.
    var secretValues: [String] { options.filter(\.isSecret).map(\.value) }

    func value(_ keyword: String) -> String? {
        options.first { $0.keyword == keyword }?.value
    }

    /// The string as `key=value` pairs with every secret option replaced, safe for logs and `penguins config`.
    var redacted: String {
        options.map { keyword, value, isSecret in
            "\(keyword)=\(isSecret ? "<redacted>" : Self.quoted(value))"
        }.joined(separator: " ")
    }

    /// libpq quotes a value in single quotes, escaping `\` and `'`, when it is empty or holds spaces or quotes.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "'" || $0 == "\\" }
        guard needsQuotes else { return value }
        return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// A libpq parse error with every quoted fragment of the connection string replaced by `"…"`.
    ///
    /// libpq quotes the offending piece (`invalid percent-encoded token: "…"`), and that piece may be, or
    /// hold, the password. The piece can itself contain `"` characters, so quotes cannot be paired: everything
    /// from the first quote to the last is dropped. Only libpq's own fixed text around it is kept: the
    /// `"="` of `missing "=" after "…"` and a trailing `for connection option "KEYWORD"`.
    static func withoutQuotedFragments(_ message: String) -> String {
        var text = message.trimmingNewlines()
        var prefix = ""
        var suffix = ""
        let missingEquals = "missing \"=\" after "
        if text.hasPrefix(missingEquals) {
            prefix = missingEquals
            text.removeFirst(missingEquals.count)
        }
        if let option = text.range(of: #" for connection option "[a-z_]+"$"#, options: .regularExpression) {
            suffix = String(text[option])
            text.removeSubrange(option)
        }
        guard let first = text.firstIndex(of: "\""), let last = text.lastIndex(of: "\"") else { return prefix + text + suffix }
        let kept = String(text[..<first]) + "\"…\"" + (first < last ? String(text[text.index(after: last)...]) : "")
        return prefix + kept + suffix
    }
}
