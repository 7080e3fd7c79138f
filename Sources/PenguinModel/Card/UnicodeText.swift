extension StringProtocol {
    /// The first Unicode scalar of general category Cc (control, NUL and newlines included) or Cf (format:
    /// zero-width joiners, bidirectional overrides, prepend marks such as U+0600), or nil.
    ///
    /// Names and levels that travel in model cards may hold neither: a control character forges lines in
    /// logs and terminals, NUL cannot be stored by Postgres, and format characters make text look like
    /// something it is not.
    var firstControlOrFormatScalar: Unicode.Scalar? {
        unicodeScalars.first { scalar in
            let category = scalar.properties.generalCategory
            return category == .control || category == .format
        }
    }
}

extension Unicode.Scalar {
    /// `U+200D`: how an error names an invisible character.
    var codePointName: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension [String] {
    /// The index of the element with exactly the UTF-8 bytes of `text`. Swift's `==` equates canonically
    /// equivalent strings (`é` and `e` + U+0301); SQL `=` and the frame's dictionary do not, and the
    /// in-process path must match levels as the compiled SQL does.
    func firstIndex(ofExactly text: String) -> Int? {
        firstIndex { $0.utf8.elementsEqual(text.utf8) }
    }
}
