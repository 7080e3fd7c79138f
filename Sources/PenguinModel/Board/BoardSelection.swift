import DataGateway

extension Settings.ModelBoardLocation {
    /// The board this setting names, on `database` when it is the `models` table.
    public func board(on database: any Database) -> any ModelBoard {
        switch self {
        case .database: DatabaseModelBoard(database: database)
        case .directory(let path): FileModelBoard(directory: path)
        }
    }
}
