/// Why a model card cannot be trusted or used; the messages say what to do because cards are read by
/// a server at startup, far from whoever wrote them.
public enum ModelCardError: Error, Equatable, CustomStringConvertible {
    /// The version is not `yyyyMMddTHHmmss[.ffffff]Z-xxxxxxxx`.
    case malformedVersion(String)
    /// The content no longer hashes to the version it carries: it was edited after it was written.
    case hashMismatch(version: String, computed: String)
    /// A field of the card (named in `reason`) is not acceptable input: the card is refused before any of it
    /// reaches SQL, a page or a log.
    case invalid(version: String, reason: String)
    /// The parts of the card contradict each other.
    case inconsistent(String)
    /// The JSON could not be read or written.
    case json(String)

    public var description: String {
        switch self {
        case .malformedVersion(let version):
            "model version \(String(version.prefix(64)).debugDescription) is not of the form yyyyMMddTHHmmss.ffffffZ-xxxxxxxx (UTC time, 8 hex digits of SHA-256)"
        case .hashMismatch(let version, let computed):
            "model card \(version) was altered after it was written: its content hashes to \(computed); "
                + "refit the model or restore the card from the board"
        case .invalid(let version, let reason):
            "model card \(version) is refused: \(reason); retrain the model or restore the card from a trusted copy"
        case .inconsistent(let reason):
            "model card is inconsistent: \(reason)"
        case .json(let reason):
            "model card JSON: \(reason)"
        }
    }
}
