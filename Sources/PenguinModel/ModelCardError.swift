/// Why a model card cannot be trusted or used; the messages say what to do because cards are read by
/// a server at startup, far from whoever wrote them.
public enum ModelCardError: Error, Equatable, CustomStringConvertible {
    /// The version is not `yyyyMMddTHHmmss[.ffffff]Z-xxxxxxxx`.
    case malformedVersion(String)
    /// The content no longer hashes to the version it carries: it was edited after it was written.
    case hashMismatch(version: String, computed: String)
    /// The parts of the card contradict each other.
    case inconsistent(String)
    /// The JSON could not be read or written.
    case json(String)

    public var description: String {
        switch self {
        case .malformedVersion(let version):
            "model version '\(version)' is not of the form yyyyMMddTHHmmss.ffffffZ-xxxxxxxx (UTC time, 8 hex digits of SHA-256)"
        case .hashMismatch(let version, let computed):
            "model card \(version) was altered after it was written: its content hashes to \(computed); "
                + "refit the model or restore the card from the board"
        case .inconsistent(let reason):
            "model card is inconsistent: \(reason)"
        case .json(let reason):
            "model card JSON: \(reason)"
        }
    }
}
