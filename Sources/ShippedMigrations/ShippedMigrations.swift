import DataGateway
import Foundation

/// The migrations shipped in the repository's `migrations/` folder, compiled into the binary.
///
/// The EmbedMigrations build-tool plugin generates ``files`` from the folder on every build, so the binary
/// needs no checkout beside it, and the checksums recorded in `schema_migrations` are those of the files.
public enum ShippedMigrations {
    /// The shipped migrations that apply to `kind`, in version order.
    public static func load(for kind: DatabaseKind) throws(MigrationError) -> [Migration] {
        try Migration.load(files: fileContents, for: kind)
    }

    /// The shipped files' names and bytes, for comparing with a folder.
    public static var fileContents: [(name: String, bytes: Data)] {
        files.map { ($0.name, Data($0.text.utf8)) }
    }
}
