/// A chart described in data terms: axes, marks and a legend. ``svg()`` lays it out.
///
/// Every chart of the site is one of these, so axes, gridlines, legends and accessibility text look and
/// behave the same everywhere and are escaped in one place.
struct Chart: Sendable {
    struct Point: Sendable, Equatable {
        let x: Double
        let y: Double
    }

    /// A rectangle in data coordinates, e.g. one species' share of a histogram bin.
    struct Bar: Sendable, Equatable {
        let x0: Double
        let x1: Double
        let y0: Double
        let y1: Double
    }

    enum Mark: Sendable {
        /// Small markers suit dense scatters; sparse series (a few evaluations) read better with larger ones.
        case points([Point], SeriesStyle, radius: Double = 3.5)
        case line([Point], SeriesStyle, dashed: Bool = false)
        case bars([Bar], SeriesStyle)
    }

    struct LegendEntry: Sendable {
        enum Symbol: Sendable {
            case marker
            case swatch
            case line(dashed: Bool)
            case lineAndMarker
        }

        let label: String
        let style: SeriesStyle
        let symbol: Symbol
    }

    /// Unique within its page: the ids of `<title>` and `<desc>` derive from it.
    let id: String
    /// What a screen reader announces first, and the tooltip.
    let title: String
    /// What the chart shows in words, for readers who cannot see it.
    let description: String
    let x: Axis
    let y: Axis
    var marks: [Mark]
    var legend: [LegendEntry] = []
    var width: Double = 640
    var height: Double = 400
    /// Moves overlapping markers apart instead of drawing one over another: for sparse charts where every
    /// point matters (evaluations over time), not for dense scatters.
    var keepsMarkersApart = false
}
