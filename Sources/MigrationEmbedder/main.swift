import Foundation

// Writes a Swift file that holds every file of a migrations folder as a string literal, byte for byte.
// Run by the EmbedMigrations build-tool plugin: `MigrationEmbedder MIGRATIONS_DIR OUTPUT.swift`.

/// `text` as a one-line Swift string literal: quotes, backslashes and control characters escaped, the rest verbatim.
func literal(_ text: String) -> String {
    var escaped = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        case "\r": escaped += "\\r"
        case "\t": escaped += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            escaped += "\\u{\(String(scalar.value, radix: 16))}"
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped + "\""
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("usage: MigrationEmbedder MIGRATIONS_DIR OUTPUT.swift") }
let directory = URL(fileURLWithPath: arguments[1])
var names: [String] = []
do {
    names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
} catch {
    fail("cannot list \(directory.path): \(error.localizedDescription)")
}
var source = """
    // Generated at build time by the EmbedMigrations plugin from the package's migrations/ folder. Do not edit.

    extension ShippedMigrations {
        /// Every file of migrations/, by name, with its exact contents.
        static let files: [(name: String, text: String)] = [

    """
for name in names {
    guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
        fail("cannot read migrations/\(name)")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        fail("migrations/\(name) is not UTF-8 text; a migration file must be")
    }
    source += "        (\(literal(name)), \(literal(text))),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: arguments[2]), options: .atomic)
} catch {
    fail("cannot write \(arguments[2]): \(error.localizedDescription)")
}
