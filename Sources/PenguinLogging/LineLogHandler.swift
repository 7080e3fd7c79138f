import Logging

/// A swift-log handler that writes one line per event, as JSON or as text (``LogLineEncoder`` says how),
/// to a ``LogOutput``.
///
/// Metadata is written as given: callers never put secrets in it, and values of type `Secret` print as
/// `<redacted>` anyway.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: LogFormat
    private let output: LogOutput

    public init(label: String, level: Logger.Level, format: LogFormat, output: LogOutput) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let time = LogTimestamp.now()
        output.write { bytes in
            LogLineEncoder.append(
                format: format, time: time, level: event.level, message: event.message.description, label: label,
                metadata: metadata, eventMetadata: event.metadata, to: &bytes)
        }
    }
}
