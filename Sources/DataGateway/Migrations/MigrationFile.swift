import Foundation

/// One migration as written in `migrations/` for one engine: its SQL or its CSV, and the checksum of the file.
public struct Migration: Sendable {
    /// What a migration does when it runs.
    public enum Action: Sendable {
        /// SQL statements, run as one script.
        case sql(String)
        /// CSV data (header row first) loaded into `table`.
        case csv(table: SQLIdentifier, data: Data)
    }

    public let version: Int
    public let description: String
    public let fileName: String
    /// SHA-256 of the file's bytes, as lowercase hex.
    public let checksum: String
    public let action: Action

    /// Reads `directory` and returns the migrations that apply to `kind`, in version order.
    ///
    /// Files are mapped, not read: a CSV of gigabytes then costs the process no memory of its own (its pages
    /// are the page cache's), where a copy would grow with the file and take the pages the database server
    /// needs for the rows it writes. A file truncated while mapped ends the process with one error line
    /// (``MappedFileFault``).
    public static func load(from directory: String, for kind: DatabaseKind) throws(MigrationError) -> [Migration] {
        MappedFileFault.install()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .missingDirectory(directory)
        }
        var files: [(name: String, bytes: Data)] = []
        for name in names where isMigrationFile(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
                throw .badFileName(name, reason: "the file cannot be read")
            }
            files.append((name, data))
        }
        return try load(files: files, for: kind)
    }

    /// The migrations among `files` (name and bytes, as in a migrations folder) that apply to `kind`, in
    /// version order.
    ///
    /// A version may have one file for both engines or one per engine; a version with only the other
    /// engine's file (like Postgres roles) does not exist for this engine. Names that are not migration
    /// files (hidden files, other extensions) are ignored, as in a folder.
    public static func load(files: [(name: String, bytes: Data)], for kind: DatabaseKind) throws(MigrationError) -> [Migration] {
        var filesOfVersion: [Int: [(name: MigrationFileName, bytes: Data)]] = [:]
        for file in files.sorted(by: { $0.name < $1.name }) where isMigrationFile(file.name) {
            let name = try MigrationFileName(file.name)
            filesOfVersion[name.version, default: []].append((name, file.bytes))
        }
        var migrations: [Migration] = []
        for version in filesOfVersion.keys.sorted() {
            let files = filesOfVersion[version]!
            let onePerEngine = files.count == 2 && Set(files.map(\.name.engine)) == [.postgres, .sqlite]
            guard files.count == 1 || onePerEngine else { throw .duplicateVersion(version, files: files.map(\.name.name)) }
            guard let file = files.first(where: { $0.name.engine == kind || $0.name.engine == nil }) else { continue }
            migrations.append(Migration(file: file.name, bytes: file.bytes))
        }
        return migrations
    }

    private static func isMigrationFile(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".sql") || name.hasSuffix(".csv"))
    }

    private init(file: MigrationFileName, bytes: Data) {
        version = file.version
        description = file.description
        fileName = file.name
        checksum = sha256Hex(bytes)
        if let table = file.table {
            action = .csv(table: table, data: bytes)
        } else {
            action = .sql(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// The parts of a migration file name: `NNNN_description[.engine].sql` or `NNNN_description.TABLE.csv`.
struct MigrationFileName {
    let name: String
    let version: Int
    let description: String
    let engine: DatabaseKind?
    let table: SQLIdentifier?

    init(_ name: String) throws(MigrationError) {
        var parts = name.split(separator: ".").map(String.init)
        let fileExtension = parts.removeLast()
        guard let stem = parts.first, let underscore = stem.firstIndex(of: "_"),
            let version = Int(stem[..<underscore]), version > 0, stem[..<underscore].count >= 4
        else {
            throw .badFileName(name, reason: "it does not start with a version number of at least four digits and an underscore")
        }
        self.name = name
        self.version = version
        description = stem[stem.index(after: underscore)...].replacingOccurrences(of: "_", with: " ")
        switch (fileExtension, parts.count) {
        case ("sql", 1):
            engine = nil
            table = nil
        case ("sql", 2):
            guard let engine = DatabaseKind(rawValue: parts[1]) else {
                throw .badFileName(name, reason: "'\(parts[1])' is not an engine; use postgres or sqlite")
            }
            self.engine = engine
            table = nil
        case ("csv", 2):
            engine = nil
            do {
                table = try SQLIdentifier(parts[1])
            } catch {
                throw .badFileName(name, reason: "'\(parts[1])' is not a valid table name")
            }
        default:
            throw .badFileName(name, reason: "it has an unexpected number of dot-separated parts")
        }
    }
}
