import Foundation
import Logging

/// A swift-log handler that writes one line per event, as JSON or as text, to stdout or stderr.
///
/// Metadata is written as given: callers never put secrets in it, and values of type ``Secret`` print as
/// `<redacted>` anyway. Values often carry a client's input (a path, a request id, a field name), so no value
/// can end the line, break its framing or change another field: a string is always written as a string (a
/// request id of `NaN` once made the JSON line unencodable, and it was dropped), only integers, finite
/// doubles and booleans given as such become JSON numbers and booleans, the fields `time`, `level`,
/// `message` and `logger` always come from the event, and the text format escapes every control character.
public struct LineLogHandler: LogHandler {
    public enum Stream: Sendable {
        case standardOutput
        case standardError
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: LogFormat
    private let stream: Stream

    public init(label: String, level: Logger.Level, format: LogFormat, stream: Stream) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.stream = stream
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let line = Self.line(
            format: format, time: Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date()), level: event.level,
            message: event.message.description, label: label, metadata: merged)
        let handle: FileHandle = stream == .standardOutput ? .standardOutput : .standardError
        handle.write(Data((line + "\n").utf8))
    }

    /// One line, without its newline, in `format`.
    static func line(
        format: LogFormat, time: String, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata
    ) -> String {
        switch format {
        case .json: jsonLine(time: time, level: level, message: message, label: label, metadata: metadata)
        case .text: textLine(time: time, level: level, message: message, metadata: metadata)
        }
    }

    /// The fields an event always has; metadata under these names is left out rather than allowed to replace them.
    private static let eventFields: Set<String> = ["time", "level", "message", "logger"]

    private static func jsonLine(time: String, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata) -> String {
        var fields: [(key: String, value: String)] = [
            ("time", jsonString(time)), ("level", jsonString(level.rawValue)), ("message", jsonString(message)), ("logger", jsonString(label)),
        ]
        for (key, value) in metadata where !eventFields.contains(key) { fields.append((key, jsonValue(value))) }
        fields.sort { $0.key < $1.key }
        return "{" + fields.map { jsonString($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): jsonString(text)
        case .stringConvertible(let convertible): number(convertible) ?? jsonString(convertible.description)
        case .array(let values): "[" + values.map(jsonValue).joined(separator: ",") + "]"
        case .dictionary(let values):
            "{" + values.sorted { $0.key < $1.key }.map { jsonString($0.key) + ":" + jsonValue($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// The JSON number or boolean a value given as one is, or nil to write its description as a string.
    private static func number(_ value: any CustomStringConvertible & Sendable) -> String? {
        switch value {
        case let flag as Bool: flag ? "true" : "false"
        case let integer as any BinaryInteger: integer.description
        case let double as Double: double.isFinite ? double.description : nil
        default: nil
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, everything else as is.
    static func jsonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: output += "\\u" + hex(scalar.value, digits: 4)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    private static func textLine(time: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        let details = metadata.sorted { $0.key < $1.key }.map { "\(textValue($0.key))=\(textValue($0.value.description))" }
        return "\(time) \(level.rawValue.uppercased()) \(escapingControls(message))" + (details.isEmpty ? "" : " " + details.joined(separator: " "))
    }

    /// A key or value for the text format: quoted when it is empty or holds a space, `=`, `"` or `\\`, so that
    /// no value reads as a further `key=value` (and a backslash is only ever an escape); control characters
    /// escaped either way.
    private static func textValue(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" }
        guard needsQuotes else { return escapingControls(text) }
        return "\"" + escapingControls(text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")) + "\""
    }

    /// `text` with every character that could start a new line or hide text written as an escape: control
    /// characters (C0, DEL, C1), format characters such as bidirectional overrides, and line and paragraph separators.
    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where needsEscape(scalar): output += "\\u{" + hex(scalar.value, digits: 4) + "}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
