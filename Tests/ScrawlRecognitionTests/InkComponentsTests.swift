import XCTest
@testable import ScrawlRecognition
import ScrawlEngine
import ScrawlTestSupport

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

    /// A cut down the middle of a ring (a 0) runs through the paper inside it, which the ring
    /// walls in, row for row; a cut beside the ring runs through open paper, which counts nothing.
    func testACutInsideALoopCountsTheRowsOfItsInside() {
        var image = GrayImage(width: 60, height: 50)
        for y in 0 ..< 50 { for x in 0 ..< 60 where Self.onRing(x, y) { image[x, y] = 1 } }
        let pieces = InkComponents(image)
        XCTAssertEqual(pieces.count, 1)
        let b = pieces.boxes[0], walled = pieces.enclosed(0)
        func straight(_ x: Int) -> [Int] { [Int](repeating: x, count: b.y1 - b.y0) }
        let inside = (b.y0 ..< b.y1).filter { hypot(24 - Self.ring.x, Double($0) - Self.ring.y) < Self.ring.radius - 2 }.count
        XCTAssertGreaterThan(inside, 20)
        XCTAssertEqual(pieces.loopRows(0, along: straight(25), walled: walled), inside, "every row of the ring's inside left of column 25")
        XCTAssertEqual(pieces.loopRows(0, along: straight(b.x1 - 1), walled: walled), 0, "beside the ring's inside, only its ink and open paper")
    }

    /// The ink a cut severs: a cut bending between the ring and the stick that touch severs the
    /// rows where they meet, at most a third of the piece's height; any cut through a solid blot
    /// severs all of it, bent or not, but for the rows at its rim.
    func testACutSeversInkWhereDigitsTouchAndAllTheWayThroughABlot() {
        var image = GrayImage(width: 60, height: 50)
        for y in 0 ..< 50 { for x in 0 ..< 60 where Self.onRing(x, y) || Self.onStick(x, y) { image[x, y] = 1 } }
        var pieces = InkComponents(image)
        let severed = pieces.severedRows(0, along: pieces.cuts(0, near: [41], reach: 6)[0])
        XCTAssertGreaterThan(severed, 0, "the ring and the stick touch")
        XCTAssertLessThanOrEqual(severed * 3, pieces.boxes[0].y1 - pieces.boxes[0].y0, "only where they touch")

        image = GrayImage(width: 60, height: 50)
        for y in 0 ..< 50 { for x in 0 ..< 60 where hypot(Double(x) - 30, Double(y) - 25) <= 20 { image[x, y] = 1 } }
        pieces = InkComponents(image)
        let rows = pieces.boxes[0].y1 - pieces.boxes[0].y0
        for reach in [0, 6] {
            XCTAssertGreaterThanOrEqual(pieces.severedRows(0, along: pieces.cuts(0, near: [30], reach: reach)[0]), rows - 2, "reach \(reach)")
        }
    }

    /// Two strokes leaning right like a writer's "11" (about 20 degrees), joined by a bar across
    /// the middle: one piece. A cut along a line leaning the way the writing does parts them,
    /// crossing only the bar; a cut bending as far from a vertical line cannot, since at the top
    /// the left stroke stands right of where the bottom's gap is.
    func testACutLeaningAsTheWritingDoesPartsLeaningStrokes() {
        func near(_ x: Int, _ y: Int, _ a: (Double, Double), _ b: (Double, Double), _ radius: Double) -> Bool {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1)
            let t = min(1, max(0, ((Double(x) - a.0) * dx + (Double(y) - a.1) * dy) / (dx * dx + dy * dy)))
            return hypot(Double(x) - a.0 - t * dx, Double(y) - a.1 - t * dy) <= radius
        }
        func onLeft(_ x: Int, _ y: Int) -> Bool { near(x, y, (15, 45), (30, 5), 2) }
        func onRight(_ x: Int, _ y: Int) -> Bool { near(x, y, (27, 45), (42, 5), 2) }
        var image = GrayImage(width: 60, height: 50)
        for y in 0 ..< 50 {
            for x in 0 ..< 60 where onLeft(x, y) || onRight(x, y) || near(x, y, (22.5, 25), (34.5, 25), 1.5) { image[x, y] = 1 }
        }
        let pieces = InkComponents(image)
        XCTAssertEqual(pieces.count, 1, "the bar joins the strokes")
        let y0 = pieces.boxes[0].y0
        func leftOfCut(slant: Double) -> (left: Double, right: Double) {
            let cut = pieces.cuts(0, near: [28], reach: 2, slant: slant)[0]
            let part = InkComponents.Part(id: 0, left: nil, right: cut)
            var left = (all: 0, held: 0), right = (all: 0, held: 0)
            for y in 0 ..< 50 {
                for x in 0 ..< 60 where image[x, y] > 0 {
                    let held = part.holds(x, row: min(max(y - y0, 0), cut.count - 1)) ? 1 : 0
                    if onLeft(x, y) { left.all += 1; left.held += held }
                    if onRight(x, y) { right.all += 1; right.held += held }
                }
            }
            return (Double(left.held) / Double(left.all), Double(right.held) / Double(right.all))
        }
        let leaning = leftOfCut(slant: 0.2), upright = leftOfCut(slant: 0)
        XCTAssertEqual(leaning.left, 1, "all of the left stroke left of the leaning cut")
        XCTAssertEqual(leaning.right, 0, "none of the right stroke")
        XCTAssertLessThan(upright.left, 0.9, "a cut bending as far from an upright line leaves the left stroke's top with the right one")
    }

    /// The pieces the reference finds: a flood fill one pixel at a time from each unclaimed ink
    /// pixel in reading order, then the rim: each faint pixel off every piece joins the piece of
    /// its first neighbour (in reading order) that holds one.
    private func reference(_ image: GrayImage, threshold: Float = 0.35) -> (owner: [Int32], boxes: [[Int]], areas: [Int]) {
        let (w, h) = (image.width, image.height)
        var owner = [Int32](repeating: -1, count: w * h), boxes: [[Int]] = [], areas: [Int] = []
        let cut = (image.pixels.max() ?? 0) * threshold
        guard cut > 0 else { return (owner, [], []) }
        for start in 0 ..< w * h where owner[start] < 0 && image.pixels[start] > cut {
            let id = Int32(boxes.count)
            var box = [w, h, 0, 0], area = 0, stack = [start]
            owner[start] = id
            while let i = stack.popLast() {
                let (x, y) = (i % w, i / w)
                area += 1
                box = [min(box[0], x), min(box[1], y), max(box[2], x + 1), max(box[3], y + 1)]
                for ny in y - 1 ... y + 1 where ny >= 0 && ny < h {
                    for nx in x - 1 ... x + 1 where nx >= 0 && nx < w && owner[ny * w + nx] < 0 && image[nx, ny] > cut {
                        owner[ny * w + nx] = id
                        stack.append(ny * w + nx)
                    }
                }
            }
            boxes.append(box)
            areas.append(area)
        }
        var rim = owner
        for y in 0 ..< h {
            for x in 0 ..< w where owner[y * w + x] < 0 && image[x, y] > 0.02 {
                let neighbours = (y - 1 ... y + 1).flatMap { ny in (x - 1 ... x + 1).map { (nx: $0, ny: ny) } }
                if let n = neighbours.first(where: { $0.nx >= 0 && $0.ny >= 0 && $0.nx < w && $0.ny < h && owner[$0.ny * w + $0.nx] >= 0 }) {
                    rim[y * w + x] = owner[n.ny * w + n.nx]
                }
            }
        }
        return (rim, boxes, areas)
    }

    /// Random sheets from blank to crowded, strong ink and faint, at widths that are and are not
    /// a multiple of the eight pixels the scans take at a time: the same pieces, boxes, areas
    /// and rims as the reference.
    func testPiecesAndTheirRimsMatchAPixelByPixelFloodFill() {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        for (w, h) in [(1, 1), (1, 9), (9, 1), (8, 8), (17, 13), (64, 40), (203, 71)] {
            for density in [Float(0), 0.02, 0.15, 0.45] {
                let image = GrayImage(width: w, height: h, pixels: (0 ..< w * h).map { _ in
                    let u = Float.random(in: 0 ..< 1, using: &rng)
                    return u >= density ? 0 : u < density / 2 ? 1 : Float.random(in: 0 ... 0.5, using: &rng)
                })
                let pieces = InkComponents(image), expected = reference(image)
                let context = "\(w)x\(h), density \(density), SCRAWL_TEST_SEED=\(seed)"
                XCTAssertEqual(pieces.owner, expected.owner, context)
                XCTAssertEqual(pieces.boxes.map { [$0.x0, $0.y0, $0.x1, $0.y1] }, expected.boxes, context)
                XCTAssertEqual(pieces.areas, expected.areas, context)
            }
        }
    }
}
