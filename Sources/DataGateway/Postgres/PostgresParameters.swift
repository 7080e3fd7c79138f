/// Bound parameter values in libpq's text format, NUL-terminated in one buffer so that binding
/// allocates once however many parameters there are. Types are left to the server to infer.
struct PostgresParameters {
    private var bytes: [UInt8] = []
    private var offsets: [Int?] = []

    init(_ values: [SQLValue]) throws(DatabaseError) {
        for value in values {
            guard let text = try PostgresText.parameter(value) else {
                offsets.append(nil)
                continue
            }
            offsets.append(bytes.count)
            bytes.append(contentsOf: text.utf8)
            bytes.append(0)
        }
    }

    var count: Int32 { Int32(offsets.count) }

    /// Calls `body` with libpq's `paramValues` array: one C string per parameter, NULL for SQL NULL.
    func withValues<Value>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Value) -> Value {
        bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            let values = offsets.map { offset in offset.flatMap { offset in base.map { $0 + offset } } }
            return values.withUnsafeBufferPointer { body($0.baseAddress) }
        }
    }
}
