import Foundation
import ScrawlEngine

/// A seeded mutation fuzzer: takes seed inputs and applies one to four random byte-level
/// mutations (bit flips, interesting values, truncation, deletion, duplication, insertion, large
/// 32-bit integers where lengths and dimensions live), so every run with the same seed tries the
/// same inputs.
public struct Mutator {
    private var rng: SeededGenerator
    public private(set) var count = 0

    public init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    /// How long to fuzz each target: `SCRAWL_FUZZ_SECONDS` (set by `meson-helper.sh fuzz`), else a
    /// short fixed budget of iterations.
    public static var budget: (iterations: Int, seconds: Double) {
        if let s = ProcessInfo.processInfo.environment["SCRAWL_FUZZ_SECONDS"], let v = Double(s), v > 0 { return (Int.max, v) }
        return (4000, 60)
    }

    /// Runs `body` on mutated copies of the seeds until the budget is spent; returns inputs tried.
    public mutating func run(seeds: [[UInt8]], _ body: ([UInt8]) -> Void) -> Int {
        let (iterations, seconds) = Mutator.budget
        let deadline = Date().addingTimeInterval(seconds)
        var tried = 0
        while tried < iterations && Date() < deadline {
            body(mutate(seeds[Int(rng.next() % UInt64(seeds.count))]))
            tried += 1
        }
        count += tried
        return tried
    }

    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }

    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var b = input
        for _ in 0 ... below(4) {
            let at = below(max(b.count, 1))
            switch below(8) {
            case 0 where !b.isEmpty: b[at] ^= UInt8(1 << below(8))
            case 1 where !b.isEmpty: b[at] = [0, 1, 0x7F, 0x80, 0xFF][below(5)]
            case 2: b = Array(b.prefix(at))
            case 3 where !b.isEmpty: b.removeSubrange(at ..< min(b.count, at + 1 + below(16)))
            case 4 where !b.isEmpty:
                let end = min(b.count, at + 1 + below(32))
                b.insert(contentsOf: b[at ..< end], at: below(b.count))
            case 5: b.insert(contentsOf: (0 ..< 1 + below(8)).map { _ in UInt8(below(256)) }, at: min(at, b.count))
            case 6 where b.count >= 4:
                let v: UInt32 = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 100_000, 0x8000_0000][below(6)]
                let o = min(at, b.count - 4)
                for i in 0 ..< 4 { b[o + i] = UInt8(v >> (8 * UInt32(3 - i)) & 0xFF) }
            default: if !b.isEmpty { b[at] = UInt8(below(256)) }
            }
        }
        return b
    }
}
