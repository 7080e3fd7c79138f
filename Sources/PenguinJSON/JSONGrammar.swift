/// The one JSON grammar the gateway reads, in one place: ``JSONCursor`` reads its tokens and structure,
/// ``JSONParser`` builds a ``JSONValue`` tree with it, and `/predict`'s feature-row reader reads records with
/// the same cursor, so no two readers can parse the same bytes differently.
///
/// The grammar is strict RFC 8259, with the limits RFC 8259 §9 lets a parser set, and one extension:
///
/// - Whitespace is only space, tab, line feed and carriage return; there is no byte-order mark and no comment.
/// - No trailing comma (`[1,]`), no number ending in a point (`45.`), no leading zeros, `+` or `.5`.
/// - A number must fit a finite double; `1e999` is refused rather than read as infinity.
/// - A string must be valid UTF-8, with no raw control character and no unpaired `\uD800`-style surrogate.
/// - A key may appear once per object: a repeated key is refused and named, so a client never has one of its
///   two values silently ignored.
/// - Nesting is limited to ``maxDepth``.
/// - The extension, only when ``nonFiniteNumbers`` is true: the bare tokens `NaN`, `Infinity` and either with a
///   `+` or `-` sign are numbers (NaN or ±infinity), as Python's `json` module writes them by default. `/predict`
///   reads with it only to name the field that holds one in its error; such a body is always refused.
public struct JSONGrammar: Sendable, Equatable {
    /// Whether `NaN` and `Infinity` tokens are read as numbers.
    public let nonFiniteNumbers: Bool

    /// RFC 8259 and the limits above.
    public static let strict = JSONGrammar(nonFiniteNumbers: false)
    /// ``strict`` plus the non-finite number tokens.
    public static let nonFinite = JSONGrammar(nonFiniteNumbers: true)

    /// Deeper documents are refused rather than recursed into; `/predict` bodies are limited far below this.
    public static let maxDepth = 512
}
