/// A data table: a caption, optional grouped headers, the first column as row headers, and numbers
/// right-aligned in tabular figures so their digits line up.
struct HTMLTable: Sendable {
    struct Column: Sendable {
        let header: Markup
        var isNumeric = true
    }

    /// A header spanning several columns, e.g. "Bill length (mm)" over its mean and sd.
    struct Group: Sendable {
        let header: Markup
        let span: Int
    }

    let caption: Markup
    let columns: [Column]
    var groups: [Group] = []
    let rows: [[Markup]]
    /// Totals, set apart from the rows they sum.
    var footer: [[Markup]] = []
    /// Leading columns that identify the row (species, sex) rather than measure it.
    var rowHeaderCount = 1

    /// Wrapped in a scroll box, so a wide table scrolls on a phone instead of widening the page.
    func render() -> Markup {
        let groupCells: [Markup] = groups.map { group in
            group.span > 1
                ? "<th scope=\"colgroup\" colspan=\"\(group.span)\" class=\"group\">\(group.header)</th>"
                : "<td></td>"
        }
        let groupRow: Markup = groups.isEmpty ? "" : "<tr>\(groupCells)</tr>\n"
        let headerRow: [Markup] = columns.map { column in
            "<th scope=\"col\"\(Self.numericClass(column.isNumeric))>\(column.header)</th>"
        }
        let foot: Markup = footer.isEmpty ? "" : "<tfoot>\n\(footer.map(row))</tfoot>\n"
        return """
            <div class="table-scroll">
            <table>
            <caption>\(caption)</caption>
            <thead>
            \(groupRow)<tr>\(headerRow)</tr>
            </thead>
            <tbody>
            \(rows.map(row))</tbody>
            \(foot)</table>
            </div>
            """
    }

    private func row(_ cells: [Markup]) -> Markup {
        let rendered: [Markup] = cells.enumerated().map { index, cell in
            let numeric = Self.numericClass(index < columns.count && columns[index].isNumeric)
            return index < rowHeaderCount ? "<th scope=\"row\"\(numeric)>\(cell)</th>" : "<td\(numeric)>\(cell)</td>"
        }
        return "<tr>\(rendered)</tr>\n"
    }

    private static func numericClass(_ isNumeric: Bool) -> Markup {
        isNumeric ? " class=\"num\"" : ""
    }
}
