import DataGateway
import Foundation
import PenguinModel
import Testing
@testable import PenguinReport

/// Data is text, never markup: hostile species and island names, built straight into a frame past the
/// database's CHECK constraints, come out escaped in tables, chart legends and descriptions alike.
@Suite struct InjectionTests {
    static let script = "<script>alert(1)</script>"
    static let quoted = #"Ad&lie "the" 'first'"#
    static let island = #"Dream & <b>"Biscoe"</b>"#

    /// Twelve rows, two hostile species and a hostile island, enough for the model to fit.
    static func hostilePenguins() throws -> Penguins {
        var id = ColumnBuilder(name: "id", type: .int64)
        var species = ColumnBuilder(name: "species", type: .string)
        var island = ColumnBuilder(name: "island", type: .string)
        var billLength = ColumnBuilder(name: "bill_length_mm", type: .double)
        var billDepth = ColumnBuilder(name: "bill_depth_mm", type: .double)
        var flipper = ColumnBuilder(name: "flipper_length_mm", type: .int64)
        var mass = ColumnBuilder(name: "body_mass_g", type: .int64)
        var sex = ColumnBuilder(name: "sex", type: .string)
        var year = ColumnBuilder(name: "year", type: .int64)
        for row in 0..<12 {
            id.append(Int64(row + 1))
            species.append(row % 2 == 0 ? script : quoted)
            island.append(row % 3 == 0 ? Self.island : "Torgersen")
            billLength.append(38 + Double(row) * 1.3 + (row % 2 == 0 ? 0 : 4))
            billDepth.append(17 + Double(row % 4) * 0.4)
            flipper.append(Int64(185 + row * 2))
            mass.append(Int64(3_400 + row * 95 + (row % 4 < 2 ? 0 : 310)))
            sex.append(row % 4 < 2 ? "female" : "male")
            year.append(2007 + Int64(row % 3))
        }
        let columns = [id, species, island, billLength, billDepth, flipper, mass, sex, year].map { $0.build() }
        return try Penguins(Frame(columns: columns))
    }

    @Test func hostileNamesAreEscapedInHTMLAndSVG() throws {
        let site = try ReportFixture.site(ReportFixture.input(Self.hostilePenguins()))
        defer { site.remove() }
        for page in SitePage.allCases {
            let html = try site.html(page)
            #expect(!html.contains("<script"), "\(page): a raw <script> tag")
            #expect(!html.contains("<b>"), "\(page): a raw <b> tag")
            #expect(!html.contains(#""the""#), "\(page): an unescaped quote from the data")
        }
        let eda = try site.html(.eda)
        #expect(eda.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(eda.contains("Ad&amp;lie &quot;the&quot; &#39;first&#39;"))
        #expect(eda.contains("Dream &amp; &lt;b&gt;&quot;Biscoe&quot;&lt;/b&gt;"))
        #expect(PageText.row(eda, startingWith: [Self.script]) != nil, "the species reads as text in the count table")
        #expect(PageText.row(eda, startingWith: [Self.island]) != nil, "the island reads as text in the count table")
    }

    @Test func hostileNamesAreTextInsideEveryChart() throws {
        let site = try ReportFixture.site(ReportFixture.input(Self.hostilePenguins()))
        defer { site.remove() }
        for page in [SitePage.eda, .model] {
            let svgs = PageText.svgs(try site.html(page)).filter { !$0.contains("id=\"metric-") }
            #expect(!svgs.isEmpty)
            for svg in svgs {
                let text = try XMLText.parse(svg).text
                #expect(text.contains(Self.script), "\(page): the legend lost the species name")
                #expect(text.contains(Self.quoted), "\(page): the legend lost the quoted name")
            }
        }
    }

    @Test func escapingCoversTheFiveSpecialCharactersAndControls() {
        #expect(Markup.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(Markup.escape("bell\u{7}null\u{0}") == "bell\u{FFFD}null\u{FFFD}")
        #expect(Markup.escape("tab\tline\n") == "tab\tline\n")
        let name = "<i>"
        let markup: Markup = "<td>\(name)</td>"
        #expect(markup.rendered == "<td>&lt;i&gt;</td>")
    }
}
