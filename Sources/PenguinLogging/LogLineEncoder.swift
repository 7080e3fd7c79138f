import Logging

/// Writes one log line, as JSON or as text, straight into a byte buffer: no `JSONSerialization`, no
/// intermediate strings, and no dictionary per line, because at `info` the request log is written once per
/// request and its encoding was most of the cost of a one-record `/predict` (issue 15 §2).
///
/// Values often carry a client's input (a path, a request id, a field name), so no value can end the line,
/// break its framing or change another field: a string is always written as a string (a request id of `NaN`
/// once made a JSON line unencodable, and it was dropped), only integers, finite doubles and booleans given
/// as such become JSON numbers and booleans, the fields `time`, `level`, `message` and `logger` always come
/// from the event, and the text format escapes every control, format and line-separator character.
/// Metadata keys are written in sorted order, so lines are stable from run to run.
enum LogLineEncoder {
    /// Whether `key` names a field an event always has; metadata under these names is left out rather than
    /// allowed to replace them. (A switch, not a set: hashing every key was a tenth of a line's cost.)
    private static func isEventField(_ key: String) -> Bool {
        switch key {
        case "time", "level", "message", "logger": true
        default: false
        }
    }

    /// Appends one line in `format`, with its newline, to `bytes`. Event metadata replaces the handler's
    /// under the same key.
    static func append(
        format: LogFormat, time: LogTimestamp, level: Logger.Level, message: String, label: String,
        metadata: Logger.Metadata, eventMetadata: Logger.Metadata?, to bytes: inout [UInt8]
    ) {
        let extra = eventMetadata ?? [:]
        withUnsafeTemporaryAllocation(of: (key: String, value: Logger.MetadataValue).self, capacity: metadata.count + extra.count) {
            fields in
            var count = 0
            for (key, value) in metadata where extra[key] == nil {
                fields.initializeElement(at: count, to: (key, value))
                count += 1
            }
            for (key, value) in extra {
                fields.initializeElement(at: count, to: (key, value))
                count += 1
            }
            var sorted = UnsafeMutableBufferPointer(rebasing: fields[..<count])
            sorted.sort { $0.key < $1.key }
            switch format {
            case .json: appendJSON(time: time, level: level, message: message, label: label, fields: sorted, to: &bytes)
            case .text: appendText(time: time, level: level, message: message, fields: sorted, to: &bytes)
            }
            _ = sorted.deinitialize()
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private static func appendJSON(
        time: LogTimestamp, level: Logger.Level, message: String, label: String,
        fields: UnsafeMutableBufferPointer<(key: String, value: Logger.MetadataValue)>, to bytes: inout [UInt8]
    ) {
        bytes.append(contentsOf: #"{"time":""#.utf8)
        time.append(to: &bytes)
        bytes.append(contentsOf: #"","level":""#.utf8)
        bytes.append(contentsOf: level.rawValue.utf8)
        bytes.append(contentsOf: #"","message":"#.utf8)
        appendJSONString(message, to: &bytes)
        bytes.append(contentsOf: #","logger":"#.utf8)
        appendJSONString(label, to: &bytes)
        for field in fields where !isEventField(field.key) {
            bytes.append(UInt8(ascii: ","))
            appendJSONString(field.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendJSONValue(field.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static func appendJSONValue(_ value: Logger.MetadataValue, to bytes: inout [UInt8]) {
        switch value {
        case .string(let text): appendJSONString(text, to: &bytes)
        case .stringConvertible(let convertible):
            if let number = number(convertible) { bytes.append(contentsOf: number.utf8) } else { appendJSONString(convertible.description, to: &bytes) }
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendJSONValue(value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let values):
            bytes.append(UInt8(ascii: "{"))
            for (index, entry) in values.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendJSONString(entry.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                appendJSONValue(entry.value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// The JSON number or boolean a value given as one is, or nil to write its description as a string.
    /// The concrete types the server logs are tried first: a cast to `any BinaryInteger` looks the
    /// conformance up, which cost more than the rest of the line.
    private static func number(_ value: any CustomStringConvertible & Sendable) -> String? {
        switch value {
        case let integer as Int: integer.description
        case let double as Double: double.isFinite ? double.description : nil
        case let flag as Bool: flag ? "true" : "false"
        case let integer as any BinaryInteger: integer.description
        default: nil
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters (C0 and DEL) escaped, every other
    /// byte as it is. The bytes of a `String` are valid UTF-8, so copying them keeps the line valid.
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case 0x22: bytes.append(contentsOf: #"\""#.utf8)
                case 0x5C: bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                default:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    appendHex(UInt32(byte), digits: 2, to: &bytes)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendText(
        time: LogTimestamp, level: Logger.Level, message: String,
        fields: UnsafeMutableBufferPointer<(key: String, value: Logger.MetadataValue)>, to bytes: inout [UInt8]
    ) {
        time.append(to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: textLevel(level).utf8)
        bytes.append(UInt8(ascii: " "))
        appendEscapingControls(message, quoting: false, to: &bytes)
        for field in fields {
            bytes.append(UInt8(ascii: " "))
            appendTextValue(field.key, to: &bytes)
            bytes.append(UInt8(ascii: "="))
            if case .string(let text) = field.value { appendTextValue(text, to: &bytes) } else { appendTextValue(field.value.description, to: &bytes) }
        }
    }

    private static func textLevel(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    /// A key or value for the text format: quoted when it is empty or holds a space, `=`, `"` or `\\`, so that
    /// no value reads as a further `key=value` (and a backslash is only ever an escape); control characters
    /// escaped either way.
    private static func appendTextValue(_ text: String, to bytes: inout [UInt8]) {
        let needsQuotes = text.isEmpty || text.utf8.contains { $0 == 0x20 || $0 == 0x3D || $0 == 0x22 || $0 == 0x5C }
        if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
        appendEscapingControls(text, quoting: needsQuotes, to: &bytes)
        if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
    }

    /// `text` with every character that could start a new line or hide text written as an escape: control
    /// characters (C0, DEL, C1), format characters such as bidirectional overrides, and line and paragraph
    /// separators. Inside quotes, `"` and `\\` are escaped too.
    static func appendEscapingControls(_ text: String, quoting: Bool, to bytes: inout [UInt8]) {
        // ASCII holds no format or separator characters, so the common line needs no Unicode properties.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        if ascii && !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || (quoting && ($0 == 0x22 || $0 == 0x5C)) }) {
            bytes.append(contentsOf: text.utf8)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": bytes.append(contentsOf: #"\n"#.utf8)
            case "\r": bytes.append(contentsOf: #"\r"#.utf8)
            case "\t": bytes.append(contentsOf: #"\t"#.utf8)
            case "\"" where quoting: bytes.append(contentsOf: #"\""#.utf8)
            case "\\" where quoting: bytes.append(contentsOf: #"\\"#.utf8)
            case _ where needsEscape(scalar):
                bytes.append(contentsOf: #"\u{"#.utf8)
                appendHex(scalar.value, digits: 4, to: &bytes)
                bytes.append(UInt8(ascii: "}"))
            default: UTF8.encode(scalar) { bytes.append($0) }
            }
        }
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `value` in upper-case hexadecimal, zero-padded to at least `digits` digits.
    private static func appendHex(_ value: UInt32, digits: Int, to bytes: inout [UInt8]) {
        var width = digits
        while width < 8 && value >> (4 * UInt32(width)) != 0 { width += 1 }
        for position in stride(from: width - 1, through: 0, by: -1) {
            bytes.append(hexDigits[Int((value >> (4 * UInt32(position))) & 0xF)])
        }
    }
}
