import DataGateway

/// Why the report site could not be built: the data could not be summarised, or a file could not be written.
public enum ReportSiteError: Error, Equatable, CustomStringConvertible {
    /// The penguins frame lacks a column the pages summarise.
    case data(FrameError)
    /// The output directory or a file in it could not be created; `reason` is the system's.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .data(let error): error.description
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
