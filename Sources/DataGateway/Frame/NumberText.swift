/// Shortest round-tripping text for a double, without a trailing `.0` on whole numbers.
///
/// Public so that every message that quotes a number (settings, frames, API errors) writes it the same way.
public func formatDouble(_ value: Double) -> String {
    var text = ""
    writeDouble(value, to: &text)
    return text
}

/// Appends ``formatDouble(_:)``'s text for `value` to `target` without building a string per number, for
/// writers of many numbers (a 10,000-prediction response).
public func writeDouble(_ value: Double, to target: inout some TextOutputStream) {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
        target.write(String(Int64(value)))
    } else if value.isNaN {
        // A double's own write(to:) spells a NaN's sign and payload ("-nan", "nan(0x1)"); the text stays "nan".
        target.write(value.description)
    } else {
        value.write(to: &target)
    }
}
