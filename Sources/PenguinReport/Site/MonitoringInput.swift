import Foundation
import PenguinModel

/// What the Monitoring page shows, gathered by the caller from the prediction log, `model_metrics`,
/// `model_drift` and the board (``MonitoringSnapshot`` reads it), so the page itself stays a function of values.
public struct MonitoringInput: Sendable {
    /// Logged predictions counted per period and version, oldest first.
    public var predictions: [PeriodCount]
    /// The length of one period of `predictions` (and of the performance points): an hour or a day.
    public var period: MonitoringPeriod
    /// Actuals recorded for logged records; without them there is no performance over time.
    public var actualsRecorded: Int
    /// `penguins monitor`'s per-period RMSE and MAE (never `evaluate`'s rows), oldest first.
    public var performance: [MetricPoint]
    /// The latest `penguins monitor` run's drift rows; empty when monitor has not run.
    public var drift: [DriftFinding]
    /// Training against live distribution for each drift row whose version's card has a profile.
    public var distributions: [FeatureDistribution]
    /// Every alias move, oldest first.
    public var aliasHistory: [AliasMove]

    public init(
        predictions: [PeriodCount] = [], period: MonitoringPeriod = .hour, actualsRecorded: Int = 0,
        performance: [MetricPoint] = [], drift: [DriftFinding] = [], distributions: [FeatureDistribution] = [],
        aliasHistory: [AliasMove] = []
    ) {
        self.predictions = predictions
        self.period = period
        self.actualsRecorded = actualsRecorded
        self.performance = performance
        self.drift = drift
        self.distributions = distributions
        self.aliasHistory = aliasHistory
    }
}

/// The bucket predictions are counted in: hours for a log that spans up to two days, days beyond.
public enum MonitoringPeriod: String, Sendable, Equatable {
    case hour
    case day

    public var seconds: Double { self == .hour ? 3_600 : 86_400 }

    /// Hours keep a day's log from collapsing into one bar; days keep a 90-day log to 90 rows a version.
    public static func covering(from first: Date, to last: Date) -> MonitoringPeriod {
        last.timeIntervalSince(first) > 2 * 86_400 ? .day : .hour
    }
}

/// One period's logged predictions of one version.
public struct PeriodCount: Sendable, Equatable {
    public var start: Date
    public var version: String
    public var predictions: Int
    public var meanPrediction: Double

    public init(start: Date, version: String, predictions: Int, meanPrediction: Double) {
        self.start = start
        self.version = version
        self.predictions = predictions
        self.meanPrediction = meanPrediction
    }
}

/// One feature's drift for one version, as `penguins monitor` stored it: each statistic beside the
/// threshold it was judged by, and the verdict.
public struct DriftFinding: Sendable, Equatable {
    public enum Verdict: String, Sendable, Comparable, CaseIterable {
        case none, moderate, major

        public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// A statistic and its threshold; `crossed` says whether the threshold flagged it.
    public struct Statistic: Sendable, Equatable {
        public var value: Double
        public var threshold: Double
        public var crossed: Bool

        public init(value: Double, threshold: Double, crossed: Bool) {
            self.value = value
            self.threshold = threshold
            self.crossed = crossed
        }
    }

    public var feature: String
    public var version: String
    public var runAt: Date
    /// The live window's start and end.
    public var from: Date
    public var to: Date
    /// PSI, with the moderate threshold in `threshold` and the major one here.
    public var psi: Statistic
    public var psiMajorThreshold: Double
    /// Numeric features: KS statistic, its p value (crossed when below the threshold) and Wasserstein ÷ std.
    public var ksStatistic: Double?
    public var ksP: Statistic?
    public var wasserstein: Statistic?
    /// Categorical features: the chi-square test's p value.
    public var chiSquareP: Statistic?
    public var verdict: Verdict
    public var liveN: Int
    public var trainingN: Int

    public init(
        feature: String, version: String, runAt: Date, from: Date, to: Date, psi: Statistic, psiMajorThreshold: Double,
        ksStatistic: Double?, ksP: Statistic?, wasserstein: Statistic?, chiSquareP: Statistic?, verdict: Verdict,
        liveN: Int, trainingN: Int
    ) {
        self.feature = feature
        self.version = version
        self.runAt = runAt
        self.from = from
        self.to = to
        self.psi = psi
        self.psiMajorThreshold = psiMajorThreshold
        self.ksStatistic = ksStatistic
        self.ksP = ksP
        self.wasserstein = wasserstein
        self.chiSquareP = chiSquareP
        self.verdict = verdict
        self.liveN = liveN
        self.trainingN = trainingN
    }
}

/// One feature's training distribution (from the card's profile) against its live one (from the log), over
/// the profile's own bins: quantile bins for a number, levels for a category.
public struct FeatureDistribution: Sendable, Equatable {
    public enum Bins: Sendable, Equatable {
        /// The edges between the quantile bins (one fewer than the bins); the outer bins are open.
        case numeric(innerEdges: [Double])
        case categorical(levels: [String])

        var count: Int {
            switch self {
            case .numeric(let edges): edges.count + 1
            case .categorical(let levels): levels.count
            }
        }
    }

    public var feature: String
    public var version: String
    public var bins: Bins
    /// Each bin's share of the training rows, summing to 1.
    public var trainingShares: [Double]
    /// Live records in each bin.
    public var liveCounts: [Int]

    public init(feature: String, version: String, bins: Bins, trainingShares: [Double], liveCounts: [Int]) {
        self.feature = feature
        self.version = version
        self.bins = bins
        self.trainingShares = trainingShares
        self.liveCounts = liveCounts
    }

    var liveShares: [Double] {
        let total = liveCounts.reduce(0, +)
        return liveCounts.map { total == 0 ? 0 : Double($0) / Double(total) }
    }
}
