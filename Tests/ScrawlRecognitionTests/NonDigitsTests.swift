import XCTest
import ScrawlEngine
import ScrawlTestSupport
@testable import ScrawlRecognition

/// The drawings that train "not a digit" must not look like digits: no kind may come out as a lone
/// upright stick, which is a 1 (variation once thinned a six-point star down to one).
final class NonDigitsTests: XCTestCase {
    func testNoKindComesOutAsALoneStick() {
        let seed = TestSeed.make()
        for kind in NonDigits.kinds {
            for i in 0 ..< 100 {
                var rng = SeededGenerator(seed: seed &+ UInt64(i))
                guard let x = Rasterizer.recognitionInput(NonDigits().drawing(of: kind, rng: &rng))?.pixels else {
                    return XCTFail("\(kind) drew nothing (SCRAWL_TEST_SEED=\(seed), case \(i))")
                }
                let columns = (0 ..< 28).filter { c in (0 ..< 28).contains { x[$0 * 28 + c] > 0.3 } }.count
                let rows = (0 ..< 28).filter { r in (0 ..< 28).contains { x[r * 28 + $0] > 0.3 } }.count
                if rows >= 18 && columns <= 7 {
                    return XCTFail("\(kind) came out as a stick \(columns) wide, \(rows) tall (SCRAWL_TEST_SEED=\(seed), case \(i))")
                }
            }
        }
    }
}
