import Foundation
public import Testing

/// A small seeded fuzzer: a reproducible random generator, the iteration count, and a watchdog that turns a
/// hung input into a failed run naming that input.
///
/// `PENGUINS_FUZZ_ITERATIONS` sets how many inputs each target runs (default 2,000, or 100,000 when slow tests
/// are enabled, as in `scripts/test`) and `PENGUINS_FUZZ_SEED` replays a run; the seed is printed when a target
/// finds a failure.
public enum FuzzHarness {
    public static var iterations: Int {
        ProcessInfo.processInfo.environment["PENGUINS_FUZZ_ITERATIONS"].flatMap { Int($0) }.map { max(1, $0) }
            ?? (SlowTests.enabled ? 100_000 : 2_000)
    }

    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["PENGUINS_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1 ... .max)
    }

    /// How long one input may run before the watchdog declares a hang. Typical inputs take microseconds;
    /// this only trips on a real hang (an input that never finishes), which no assertion after the fact could report.
    public static let hangBound: Duration = .seconds(20)

    /// Runs `body` on `iterations` inputs from one seeded generator and stops at the first failing input.
    ///
    /// `body` makes one input, runs it under the watchdog and returns nil, or a ``Failure`` naming what went wrong.
    ///
    /// `count` replaces ``iterations`` for a target whose inputs are much dearer than the others'.
    public static func run(
        _ target: String, count: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (inout SeededGenerator, Watchdog) async throws -> Failure?
    ) async rethrows {
        let seed = seed
        var generator = SeededGenerator(seed: seed)
        let watchdog = Watchdog(target: target, seed: seed, bound: hangBound)
        defer { watchdog.stop() }
        for iteration in 0..<(count ?? iterations) {
            // A CPU-bound target would otherwise hold one of the cooperative pool's threads (one per core) for
            // minutes at 100,000 inputs, starving the tests beside it (a serve waiting to listen times out).
            await Task.yield()
            if let failure = try await body(&generator, watchdog) {
                Issue.record(
                    "\(target), input \(iteration + 1) with PENGUINS_FUZZ_SEED=\(seed): \(failure.message)\n  input: \(failure.input.debugDescription)",
                    sourceLocation: sourceLocation)
                return
            }
        }
    }

    /// Like ``run(_:sourceLocation:_:)``, split over `workers` concurrent tasks, for targets that wait on I/O.
    ///
    /// Worker `w` uses the seed plus `w`, so one `PENGUINS_FUZZ_SEED` replays every worker; `body` gets the
    /// worker's index (e.g. to use a file of its own).
    public static func run(
        _ target: String, workers: Int, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable (inout SeededGenerator, Watchdog, Int) async -> Failure?
    ) async {
        let seed = seed
        let total = iterations
        let failures = await withTaskGroup(of: (worker: Int, iteration: Int, failure: Failure)?.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var generator = SeededGenerator(seed: seed &+ UInt64(worker))
                    let watchdog = Watchdog(target: "\(target), worker \(worker)", seed: seed, bound: hangBound)
                    defer { watchdog.stop() }
                    let share = total / workers + (worker < total % workers ? 1 : 0)
                    for iteration in 0..<share {
                        await Task.yield()
                        if let failure = await body(&generator, watchdog, worker) { return (worker, iteration, failure) }
                    }
                    return nil
                }
            }
            var found: [(worker: Int, iteration: Int, failure: Failure)] = []
            for await result in group { if let result { found.append(result) } }
            return found
        }
        for (worker, iteration, failure) in failures {
            Issue.record(
                "\(target), worker \(worker) input \(iteration + 1) with PENGUINS_FUZZ_SEED=\(seed): \(failure.message)\n  input: \(failure.input.debugDescription)",
                sourceLocation: sourceLocation)
        }
    }

    /// What a failing input did wrong, with the input escaped so control characters stay visible.
    public struct Failure: Error, Sendable {
        public let message: String
        public let input: String

        public init(_ message: String, input: String) {
            self.message = message
            self.input = input
        }

        public init(_ message: String, bytes: [UInt8]) {
            self.init(message, input: String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// SplitMix64: tiny, fast and reproducible from one 64-bit seed.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    public mutating func pick<T>(_ choices: [T]) -> T { choices.randomElement(using: &self)! }

    /// A string of `count` characters drawn from `alphabet`.
    public mutating func string(from alphabet: [String], count: Int) -> String {
        (0..<count).map { _ in pick(alphabet) }.joined()
    }

    /// `bytes` with a few random insertions, deletions, replacements, duplications and splices.
    public mutating func mutate(_ bytes: [UInt8], interesting: [[UInt8]]) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &self) {
            let position = result.isEmpty ? 0 : Int.random(in: 0...result.count, using: &self)
            switch Int.random(in: 0..<6, using: &self) {
            case 0: result.insert(UInt8.random(in: 0...255, using: &self), at: position)
            case 1: if position < result.count { result.remove(at: position) }
            case 2: if position < result.count { result[position] = UInt8.random(in: 0...255, using: &self) }
            case 3: result.insert(contentsOf: pick(interesting), at: position)
            case 4:
                if position < result.count {
                    let end = min(result.count, position + Int.random(in: 1...16, using: &self))
                    result.insert(contentsOf: Array(result[position..<end]), at: position)
                }
            default:
                if position < result.count {
                    let end = min(result.count, position + Int.random(in: 1...16, using: &self))
                    result.removeSubrange(position..<end)
                }
            }
        }
        return result
    }
}

/// Watches the input currently running; if one runs longer than the bound, it prints that input and the
/// seed and ends the test process with a failure, because a hung call cannot be interrupted from inside.
public final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (input: String, started: ContinuousClock.Instant)?
    private var running = true
    private let target: String
    private let seed: UInt64
    private let bound: Duration

    public init(target: String, seed: UInt64, bound: Duration) {
        self.target = target
        self.seed = seed
        self.bound = bound
        let thread = Thread { [weak self] in
            while let self, self.poll() { Thread.sleep(forTimeInterval: 0.5) }
        }
        thread.start()
    }

    /// Runs `body` on `input`, watched.
    public func watch<R>(_ input: @autoclosure () -> String, _ body: () async throws -> R) async rethrows -> R {
        lock.withLock { current = (input(), .now) }
        defer { lock.withLock { current = nil } }
        return try await body()
    }

    public func stop() { lock.withLock { running = false } }

    /// False once stopped; exits the process on a hang.
    private func poll() -> Bool {
        lock.withLock {
            guard running else { return false }
            if let current, current.started.duration(to: .now) > bound {
                FileHandle.standardError.write(
                    Data(
                        "fuzz \(target): an input ran longer than \(bound) (a hang); PENGUINS_FUZZ_SEED=\(seed)\n  input: \(current.input.debugDescription)\n"
                            .utf8))
                exit(70)
            }
            return true
        }
    }
}
