extension Frame {
    /// A frame of columns named by the server, whose only possible fault is a repeated column name.
    init(postgresColumns columns: [Column]) throws(DatabaseError) {
        do {
            try self.init(columns: columns)
        } catch {
            throw DatabaseError(.query, error.description)
        }
    }
}
