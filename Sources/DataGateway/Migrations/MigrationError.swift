/// Why migrations could not be planned or applied. Every case names the file involved.
public enum MigrationError: Error, CustomStringConvertible {
    case missingDirectory(String)
    case badFileName(String, reason: String)
    case duplicateVersion(Int, files: [String])
    case unknownTargetVersion(Int)
    case checksumMismatch(file: String, applied: String, current: String)
    case appliedButMissing(version: Int, description: String)
    case csv(file: String, line: Int, reason: String)
    case failed(file: String, DatabaseError)
    case history(DatabaseError)
    /// Another run held the Postgres migration lock for longer than the wait allowed; `holder` names it.
    case lockTimeout(waited: Duration, holder: String?)

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            "no migrations directory at \(path); fix --migrations DIR or PENGUINS_MIGRATIONS_DIR, or unset both to use the migrations built into penguins"
        case .badFileName(let name, let reason):
            "migration file \(name): \(reason); expected NNNN_description.sql, NNNN_description.postgres.sql, "
                + "NNNN_description.sqlite.sql or NNNN_description.TABLE.csv"
        case .duplicateVersion(let version, let files):
            "migration version \(version) appears in more than one file: \(files.joined(separator: ", ")); give each a new number"
        case .unknownTargetVersion(let version):
            "there is no migration with version \(version); see `penguins migrate status`"
        case .checksumMismatch(let file, let applied, let current):
            "\(file) was changed after it was applied (checksum \(applied.prefix(12))… applied, \(current.prefix(12))… now); "
                + "restore the file and add a new migration for the change"
        case .appliedButMissing(let version, let description):
            "migration \(version) (\(description)) is applied in the database but has no file here; "
                + "check out the code that matches this database"
        case .csv(let file, let line, let reason):
            "\(file), line \(line): \(reason); nothing was loaded"
        case .failed(let file, let error):
            "\(file) failed and was rolled back: \(error)"
        case .history(let error):
            "cannot read or write schema_migrations: \(error)"
        case .lockTimeout(let waited, let holder):
            "another migration run has held the migration lock for over \(waited)"
                + " (held by \(holder ?? "a session that has since ended")); wait for it to finish, or end that session "
                + "(SELECT pg_terminate_backend(pid)), then run `penguins migrate` again; PENGUINS_CONNECT_TIMEOUT sets the wait"
        }
    }
}
