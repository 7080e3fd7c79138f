import Foundation
import PenguinJSON
import PenguinModel

/// Reads the usual `/predict` body — records of plain, valid values for the model's own fields — straight into
/// feature rows: no tree, no dictionary and no string per record. On the tree path a 10,000-record batch spent
/// most of its time hashing field names into two dictionaries per record.
///
/// It declines (returns nil) every body it does not wholly accept, and the tree path then reads that body and
/// words its error. So it must never accept a body the tree path refuses, nor read one differently. The syntax
/// cannot differ: both read with PenguinJSON's one grammar, this through the same ``JSONCursor`` tokens and
/// structure steps ``JSONParser`` builds its tree with. Nor can what a record may hold: this type's field table and
/// the tree path's checks are both built from the model's one ``RecordShape``. The `/predict` fuzzer still holds
/// the two readers to each other on every input.
/// Declining is always safe, so anything unusual — an escape in a string, a null, a repeated field, `0`/`1` for
/// a dummy — is left to the tree path.
struct FeatureRowReader: Sendable {
    let predictor: Predictor

    /// A ``RecordShape`` field, its name as bytes.
    private struct Field: Sendable {
        let name: [UInt8]
        let role: RecordShape.Role
    }

    private struct Categorical: Sendable {
        let firstFeature: Int
        let levels: [[UInt8]]
        let naturalBit: UInt64
        /// Every dummy field's bit: the dummy shape needs all of them.
        let dummyBits: UInt64
    }

    /// Empty when the model's field names or a term's levels are not distinct as Swift strings (which compare by
    /// canonical equivalence, as the tree path does, where this compares bytes), or the fields are too many for
    /// a 64-bit mask: every body is then declined.
    private let fields: [Field]
    private let categoricals: [Categorical]
    /// The fields whose names are `length` bytes long are `fieldsByLength[firstOfLength[length]..<firstOfLength[length + 1]]`:
    /// a key is compared with one or two names, not all of them.
    private let firstOfLength: [Int]
    private let fieldsByLength: [Int]
    /// Every measurement field's bit: each record needs all of them.
    private let measurementBits: UInt64
    private let featureCount: Int

    init(predictor: Predictor) {
        self.predictor = predictor
        let shape = predictor.shape
        let fields = shape.fields.map { Field(name: Array($0.name.utf8), role: $0.role) }
        func bits(_ chosen: (RecordShape.Role) -> Bool) -> UInt64 {
            shape.fields.indices.reduce(0) { mask, index in chosen(shape.fields[index].role) && index < 64 ? mask | 1 << UInt64(index) : mask }
        }
        let categoricals = shape.categoricals.indices.map { index in
            Categorical(
                firstFeature: shape.categoricals[index].firstFeature, levels: shape.categoricals[index].levels.map { Array($0.utf8) },
                naturalBit: bits { $0 == .level(categorical: index) },
                dummyBits: bits { if case .dummy(index, _) = $0 { true } else { false } })
        }
        let measurementBits = bits { if case .measurement = $0 { true } else { false } }
        let distinct = { (names: [[UInt8]]) in Set(names.map { String(decoding: $0, as: UTF8.self) }).count == names.count }
        let usable = fields.count <= 64 && distinct(fields.map(\.name)) && categoricals.allSatisfy { distinct($0.levels) }
        let kept = usable ? fields : []
        let longest = kept.map(\.name.count).max() ?? 0
        self.fields = kept
        fieldsByLength = kept.indices.sorted { (kept[$0].name.count, $0) < (kept[$1].name.count, $1) }
        firstOfLength = (0...(longest + 1)).map { length in kept.count { $0.name.count < length } }
        self.categoricals = categoricals
        self.measurementBits = measurementBits
        featureCount = shape.featureCount
    }

    /// One prediction per record of `body` (an array of records, or one record object), or nil to leave the
    /// body to the tree path.
    func predictions(in body: UnsafeRawBufferPointer, maxRecords: Int) -> [Double]? {
        // A limit below one refuses even a bare object; the tree path says so.
        guard !fields.isEmpty, maxRecords >= 1 else { return nil }
        var cursor = JSONCursor(bytes: body.assumingMemoryBound(to: UInt8.self))
        var rows: [Double] = []
        var count = 0
        let read = withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount) { row in
            func next() -> Bool {
                guard readRecord(&cursor, into: row) else { return false }
                rows.append(contentsOf: row)
                count += 1
                return true
            }
            guard cursor.open(UInt8(ascii: "[")) else { return next() }
            while true {
                // `[]` is refused on the tree path, which says why.
                guard let more = cursor.nextMember(closing: UInt8(ascii: "]"), first: count == 0) else { return false }
                guard more else { return count > 0 }
                guard count < maxRecords, next() else { return false }
            }
        }
        cursor.skipWhitespace()
        guard read, cursor.atEnd else { return nil }
        let predictions = rows.withUnsafeBufferPointer { predictor.predict(featureRows: $0, count: count) }
        // A finite input can still overflow the arithmetic; the tree path names the field at fault.
        guard predictions.allSatisfy(\.isFinite) else { return nil }
        return predictions
    }

    /// Reads `{…}` (whitespace before it included) into `row`; false to decline.
    private func readRecord(_ cursor: inout JSONCursor, into row: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard cursor.open(UInt8(ascii: "{")) else { return false }
        row.update(repeating: 0)
        var seen: UInt64 = 0
        var trueDummies: UInt64 = 0
        while true {
            guard let more = cursor.nextMember(closing: UInt8(ascii: "}"), first: seen == 0) else { return false }
            guard more else { break }
            guard let name = cursor.plainString(), let index = field(named: name) else { return false }
            let bit: UInt64 = 1 << UInt64(index)
            guard seen & bit == 0 else { return false }
            seen |= bit
            guard cursor.nameSeparator() else { return false }
            switch fields[index].role {
            case .measurement(let feature, let bounds):
                guard let value = cursor.number(), bounds.contains(value) else { return false }
                row[feature] = value
            case .level(let term):
                let categorical = categoricals[term]
                guard let text = cursor.plainString(), let level = categorical.levels.firstIndex(where: { Self.same($0, text) }) else { return false }
                if level > 0 { row[categorical.firstFeature + level - 1] = 1 }
            case .dummy(_, let feature):
                guard let flag = cursor.boolean() else { return false }
                if flag {
                    trueDummies |= bit
                    row[feature] = 1
                }
            }
        }
        guard seen & measurementBits == measurementBits else { return false }
        // Each categorical term in exactly one shape: by name, or every dummy with at most one true.
        return categoricals.allSatisfy { categorical in
            seen & categorical.naturalBit != 0
                ? seen & categorical.dummyBits == 0
                : categorical.dummyBits != 0 && seen & categorical.dummyBits == categorical.dummyBits
                    && (trueDummies & categorical.dummyBits).nonzeroBitCount <= 1
        }
    }

    private func field(named name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard name.count + 1 < firstOfLength.count else { return nil }
        for position in firstOfLength[name.count]..<firstOfLength[name.count + 1] where Self.same(fields[fieldsByLength[position]].name, name) {
            return fieldsByLength[position]
        }
        return nil
    }

    private static func same(_ name: [UInt8], _ given: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count == given.count && (given.isEmpty || name.withUnsafeBufferPointer { memcmp($0.baseAddress!, given.baseAddress!, given.count) == 0 })
    }
}
