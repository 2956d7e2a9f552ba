import XCTest
@testable import ScrawlRecognition

/// Pieces of ink in a picture, and the cuts that part digits run together into one piece.
final class InkComponentsTests: XCTestCase {
    /// A ring (a 0) and a slanted stick (a 1) whose foot reaches under the ring's right side,
    /// touching it: one piece of ink. What is within 2 px of the ring and 2.5 px of the stick.
    static let ring = (x: 25.0, y: 25.0, radius: 14.0)
    static let stick = (x0: 49.0, y0: 4.0, x1: 40.0, y1: 46.0)

    static func onRing(_ x: Int, _ y: Int) -> Bool {
        abs(hypot(Double(x) - ring.x, Double(y) - ring.y) - ring.radius) <= 2
    }

    static func onStick(_ x: Int, _ y: Int) -> Bool {
        let (dx, dy) = (stick.x1 - stick.x0, stick.y1 - stick.y0)
        let t = min(1, max(0, ((Double(x) - stick.x0) * dx + (Double(y) - stick.y0) * dy) / (dx * dx + dy * dy)))
        return hypot(Double(x) - stick.x0 - t * dx, Double(y) - stick.y0 - t * dy) <= 2.5
    }

    /// A straight cut at any column leaves part of one digit with the other (at column 41, over a twentieth
    /// of the stick with the ring); the cut bends along the paper between them and parts them,
    /// crossing the ink only where they touch, and never runs through the ring's inside.
    func testACutBendsAlongThePaperBetweenOverlappingDigits() {
        var image = GrayImage(width: 60, height: 50)
        for y in 0 ..< 50 { for x in 0 ..< 60 where Self.onRing(x, y) || Self.onStick(x, y) { image[x, y] = 1 } }
        let pieces = InkComponents(image)
        XCTAssertEqual(pieces.count, 1, "the ring and the stick touch")
        let cut = pieces.cuts(0, near: [41], reach: 6)[0]
        let left = InkComponents.Part(id: 0, left: nil, right: cut), y0 = pieces.boxes[0].y0
        var ring = (all: 0, left: 0), stick = (all: 0, left: 0)
        for y in 0 ..< 50 {
            for x in 0 ..< 60 where image[x, y] > 0 {
                let isLeft = left.holds(x, row: min(max(y - y0, 0), cut.count - 1))
                if Self.onRing(x, y) && !Self.onStick(x, y) { ring.all += 1; ring.left += isLeft ? 1 : 0 }
                if Self.onStick(x, y) && !Self.onRing(x, y) { stick.all += 1; stick.left += isLeft ? 1 : 0 }
            }
        }
        XCTAssertGreaterThanOrEqual(ring.left * 100, ring.all * 99, "the ring left of the cut, but for a pixel where they touch (\(ring.left) of \(ring.all))")
        XCTAssertLessThanOrEqual(stick.left * 50, stick.all, "at most 2% of the stick left of the cut (\(stick.left) of \(stick.all))")
        let straight = (0 ..< 50).reduce(0) { n, y in n + (0 ..< 41).filter { Self.onStick($0, y) && !Self.onRing($0, y) }.count }
        XCTAssertGreaterThan(straight * 20, stick.all, "a straight cut at the same column would not part them")
    }
}
