import DataGateway

extension Settings.ModelBoardLocation {
    /// The board this setting names, on `database` when it is the `models` table, signing and verifying
    /// cards with the configured key files.
    public func board(on database: any Database) -> any ModelBoard {
        let keys = BoardKeys(signingKeyFile: signingKeyFile, trustedKeysFile: trustedKeysFile)
        return switch place {
        case .database: DatabaseModelBoard(database: database, keys: keys)
        case .directory(let path): FileModelBoard(directory: path, keys: keys)
        }
    }
}
