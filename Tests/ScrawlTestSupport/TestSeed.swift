import Foundation

/// The seed of a randomised test: `$SCRAWL_TEST_SEED` when set (to rerun a failure), else a new
/// one. It is printed before the test uses it, so a failing run's log always holds it.
public enum TestSeed {
    public static func make(_ test: String = #function) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment["SCRAWL_TEST_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0 ... 1 << 40)
        print("\(test): seed \(seed) (rerun with SCRAWL_TEST_SEED=\(seed))")
        return seed
    }
}
