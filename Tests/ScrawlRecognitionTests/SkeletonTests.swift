import XCTest
@testable import ScrawlRecognition

final class SkeletonTests: XCTestCase {
    /// A `side`-square picture with ink where `inside` holds.
    func picture(_ side: Int, _ inside: (Double, Double) -> Bool) -> GrayImage {
        var image = GrayImage(width: side, height: side)
        for y in 0 ..< side { for x in 0 ..< side where inside(Double(x), Double(y)) { image[x, y] = 1 } }
        return image
    }

    func inkCount(_ image: GrayImage) -> Int { image.pixels.filter { $0 > 0.5 }.count }

    /// No 2x2 block all ink: the lines are one pixel wide.
    func isThin(_ image: GrayImage) -> Bool {
        for y in 0 ..< image.height - 1 {
            for x in 0 ..< image.width - 1 where image[x, y] > 0.5 && image[x + 1, y] > 0.5 && image[x, y + 1] > 0.5 && image[x + 1, y + 1] > 0.5 {
                return false
            }
        }
        return true
    }

    func testAFatRingThinsToAOnePixelLoopAroundItsHole() {
        // A ring 12 px thick around a hole of radius 10.
        let ring = picture(60) { x, y in
            let r = ((x - 30) * (x - 30) + (y - 30) * (y - 30)).squareRoot()
            return r >= 10 && r < 22
        }
        let centre = Skeleton.of(ring)
        XCTAssertTrue(isThin(centre))
        XCTAssertEqual(InkComponents(centre, threshold: 0.5).count, 1, "the loop is one piece")
        // The hole survives: the paper reached from the centre, stepping across or down (a line of
        // diagonal steps is closed), never reaches the picture's edge.
        var seen = Set([30 * 60 + 30]), stack = [30 * 60 + 30]
        while let i = stack.popLast() {
            let (x, y) = (i % 60, i / 60)
            XCTAssertTrue(x > 0 && y > 0 && x < 59 && y < 59, "the paper inside the loop leaks out at (\(x), \(y))")
            if x == 0 || y == 0 || x == 59 || y == 59 { break }
            for j in [i - 1, i + 1, i - 60, i + 60] where centre.pixels[j] < 0.5 && seen.insert(j).inserted { stack.append(j) }
        }
        // It runs along the ring's middle (radius 16), all the way round.
        XCTAssertGreaterThan(inkCount(centre), Int(2 * Double.pi * 16 * 0.7))
        for y in 0 ..< 60 {
            for x in 0 ..< 60 where centre[x, y] > 0.5 {
                let r = (Double((x - 30) * (x - 30) + (y - 30) * (y - 30))).squareRoot()
                XCTAssertEqual(r, 16, accuracy: 3, "(\(x), \(y))")
            }
        }
    }

    func testAFatBarKeepsMostOfItsLengthAndAThinBarIsLeftAlone() {
        let fat = Skeleton.of(picture(60) { x, y in x >= 10 && x < 50 && y >= 24 && y < 36 })
        XCTAssertTrue(isThin(fat))
        let columns = (0 ..< 60).filter { x in (0 ..< 60).contains { fat[x, $0] > 0.5 } }
        XCTAssertGreaterThanOrEqual(columns.count, 40 - 12, "shortened by at most the bar's thickness")
        let thin = picture(60) { x, y in x >= 10 && x < 50 && y == 30 }
        XCTAssertEqual(Skeleton.of(thin), thin)
    }

    func testAFatCrossStaysOnePiece() {
        let cross = picture(60) { x, y in (abs(x - 30) < 6 && y >= 5 && y < 55) || (abs(y - 30) < 6 && x >= 5 && x < 55) }
        let centre = Skeleton.of(cross)
        XCTAssertTrue(isThin(centre))
        XCTAssertEqual(InkComponents(centre, threshold: 0.5).count, 1)
        // Each arm is shortened by no more than half its thickness (6 px).
        for (x, y) in [(30, 11), (30, 47), (11, 30), (47, 30)] {
            XCTAssertTrue((-1 ... 1).contains { dx in (-1 ... 1).contains { dy in centre[x + dx, y + dy] > 0.5 } }, "an arm reaches (\(x), \(y))")
        }
    }

    func testBlankStaysBlank() {
        XCTAssertEqual(inkCount(Skeleton.of(GrayImage(width: 7, height: 5))), 0)
        XCTAssertEqual(inkCount(Skeleton.of(GrayImage(width: 0, height: 0))), 0)
    }

    func testOneLineOrLoopDoesNotForkAndLinesThatMeetOrCrossDo() {
        // Polylines on a 12 px grid, drawn with a thin and a fat pen.
        func ink(_ lines: [[(Double, Double)]], pen: Double) -> GrayImage {
            Rasterizer.renderInk(TestImages.onGrid(lines, origin: 20, pen: pen), width: 180, height: 180)
        }
        let ring: [(Double, Double)] = (0 ... 40).map { k in
            let angle = Double(k) * Double.pi / 20
            return (5 + 4 * cos(angle), 5 + 4 * sin(angle))
        }
        let oneLine: [(String, [[(Double, Double)]])] = [
            ("a V", [[(1, 0), (5, 10), (9, 0)]]), ("an N", [[(2, 10), (2, 0), (8, 10), (8, 0)]]),
            ("a zigzag", [[(0, 8), (2, 2), (4, 8), (6, 2), (8, 8), (10, 2)]]), ("a ring", [ring]),
        ]
        let forking: [(String, [[(Double, Double)]])] = [
            ("a T", [[(1, 1), (9, 1)], [(5, 1), (5, 10)]]), ("an X", [[(1, 1), (9, 9)], [(9, 1), (1, 9)]]),
            ("an A", [[(1, 10), (5, 0), (9, 10)], [(3, 6), (7, 6)]]), ("a Y", [[(1, 0), (5, 5)], [(9, 0), (5, 5), (5, 10)]]),
            ("a ring with a tail", [ring, [(9, 5), (10, 10)]]),
        ]
        for pen in [4.0, 10.0, 16.0, 24.0] {
            for (name, lines) in oneLine { XCTAssertFalse(Skeleton.forks(ink(lines, pen: pen)), "\(name), \(pen) px pen") }
            for (name, lines) in forking { XCTAssertTrue(Skeleton.forks(ink(lines, pen: pen)), "\(name), \(pen) px pen") }
        }
    }
}
