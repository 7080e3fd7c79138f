/// Small page pieces used by more than one page.
enum Blocks {
    /// A headline number with its label, for the figures a reader looks for first.
    struct Tile: Sendable {
        let label: Markup
        let value: Markup
    }

    static func tiles(_ tiles: [Tile]) -> Markup {
        let items: [Markup] = tiles.map { "<div class=\"tile\"><dt>\($0.label)</dt><dd>\($0.value)</dd></div>" }
        return "<dl class=\"tiles\">\(items)</dl>"
    }

    /// Term–value pairs, for facts about the data and the build.
    static func facts(_ facts: [(term: Markup, value: Markup)]) -> Markup {
        let items: [Markup] = facts.map { "<div><dt>\($0.term)</dt><dd>\($0.value)</dd></div>" }
        return "<dl class=\"facts\">\(items)</dl>"
    }

    /// A chart in a figure with a visible caption; the SVG's own title and description serve screen readers.
    static func figure(_ chart: Chart, caption: Markup) -> Markup {
        "<figure>\(chart.svg())<figcaption>\(caption)</figcaption></figure>"
    }

    /// Said instead of a table or chart that has nothing to show, so an empty section reads as deliberate.
    static func note(_ text: Markup) -> Markup {
        "<p class=\"note\">\(text)</p>"
    }
}
