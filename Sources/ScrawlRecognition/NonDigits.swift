import Foundation
import ScrawlEngine

/// Drawings that are not digits, made as pen trajectories so they pass through the same stroke path
/// as real writing: letters that look like no digit, symbols, shapes, a smiley, scribbles, zigzags,
/// spirals, hatching and scattered specks. Letters that do look like digits (O, I, l, S, Z, B, G, q)
/// are left out on purpose. Each kind is a template with random parameters, then varied by
/// ``StrokeAugmenter`` like any digit.
public struct NonDigits: Sendable {
    /// The kinds of drawing, by name (letters are named by themselves).
    public static let kinds: [String] = letters.keys.sorted() + ["plus", "equals", "times", "hash", "percent", "check",
        "arrow", "triangle", "star", "heart", "smiley", "spiral", "scribble", "zigzag", "wave", "hatching",
        "specks", "dashes", "crossing-lines", "dash"]

    /// The kinds that are marks rather than symbols a person might teach as labels of their own.
    public static let marks = ["spiral", "scribble", "zigzag", "hatching", "specks", "crossing-lines"]

    public var augmenter = StrokeAugmenter()

    public init() {}

    /// A random non-digit drawing.
    public func drawing(rng: inout SeededGenerator) -> Drawing {
        let kind = Self.kinds[Int(rng.next() % UInt64(Self.kinds.count))]
        return drawing(of: kind, rng: &rng)
    }

    /// A random drawing of `kind` (one of ``kinds``).
    public func drawing(of kind: String, rng: inout SeededGenerator) -> Drawing {
        augmenter.augment(Self.template(kind, rng: &rng), label: nil, rng: &rng)
    }

    /// The strokes of `kind` in a box of about 0...1 (y down), with the kind's own random choices.
    static func template(_ kind: String, rng: inout SeededGenerator) -> [[Point]] {
        func u() -> Double { Double(rng.nextUnit()) }
        if let letter = letters[kind] { return letter.map { $0.map { Point($0.0 / 10, $0.1 / 10) } } }
        switch kind {
        case "plus": return [line(0.5, 0, 0.5, 1), line(0, 0.5, 1, 0.5)]
        case "equals": return [line(0, 0.35, 1, 0.35), line(0, 0.65, 1, 0.65)]
        case "times": return [line(0, 0, 1, 1), line(1, 0, 0, 1)]
        case "hash": return [line(0.35, 0, 0.25, 1), line(0.75, 0, 0.65, 1), line(0, 0.33, 1, 0.33), line(0, 0.67, 1, 0.67)]
        case "percent": return [arc(0.2, 0.2, 0.15, 0.2, 0, 2 * .pi), line(0.9, 0, 0.1, 1), arc(0.8, 0.8, 0.15, 0.2, 0, 2 * .pi)]
        case "check": return [[Point(0, 0.55), Point(0.35, 1), Point(1, 0)]]
        case "arrow":
            let flip = u() < 0.5
            let (a, b) = flip ? (1.0, 0.0) : (0.0, 1.0)
            return [line(a, 0.5, b, 0.5), [Point(b + (a - b) * 0.3, 0.25), Point(b, 0.5), Point(b + (a - b) * 0.3, 0.75)]]
        case "triangle": return [[Point(0.5, 0), Point(1, 0.9), Point(0, 0.9), Point(0.5, 0)]]
        case "star":
            return [(0 ... 5).map { i in
                let t = Double(i * 2 % 5) * 2 * .pi / 5 - .pi / 2
                return Point(0.5 + 0.5 * cos(t), 0.5 + 0.5 * sin(t))
            }]
        case "heart":
            return [(0 ... 40).map { i in
                let t = Double(i) / 40 * 2 * .pi
                let x = 16 * pow(sin(t), 3), y = 13 * cos(t) - 5 * cos(2 * t) - 2 * cos(3 * t) - cos(4 * t)
                return Point(0.5 + x / 34, 0.5 - y / 34)
            }]
        case "smiley":
            var s = [arc(0.5, 0.5, 0.5, 0.5, 0, 2 * .pi), arc(0.5, 0.55, 0.28, 0.2, 0.15 * .pi, 0.85 * .pi)]
            s += [[Point(0.33, 0.33)], [Point(0.67, 0.33)]]
            return s
        case "spiral":
            let turns = 2 + 2 * u()
            return [(0 ... 80).map { i in
                let t = Double(i) / 80
                let r = 0.05 + 0.45 * t, a = t * turns * 2 * .pi
                return Point(0.5 + r * cos(a), 0.5 + r * sin(a))
            }]
        case "scribble":
            // A random walk that bounces off the box, tried again until it is a tangle (its length
            // at least five times its extent), not a line or a simple curve that could be a digit.
            var points: [Point] = []
            for _ in 0 ..< 8 {
                var p = Point(u(), u()), heading = u() * 2 * .pi
                points = [p]
                for _ in 0 ..< 40 + Int(rng.next() % 40) {
                    heading += (u() - 0.5) * 2
                    var (x, y) = (p.x + 0.12 * cos(heading), p.y + 0.12 * sin(heading))
                    if x < 0 || x > 1 { x = p.x; heading = .pi - heading }
                    if y < 0 || y > 1 { y = p.y; heading = -heading }
                    p = Point(x, y)
                    points.append(p)
                }
                let b = StrokeAugmenter.bounds([points])
                let length = zip(points, points.dropFirst()).reduce(0.0) { $0 + hypot($1.1.x - $1.0.x, $1.1.y - $1.0.y) }
                if length >= 5 * max(b.2 - b.0, b.3 - b.1) && min(b.2 - b.0, b.3 - b.1) > 0.4 { break }
            }
            return [points]
        case "zigzag":
            let peaks = 3 + Int(rng.next() % 4)
            return [(0 ... 2 * peaks).map { i in Point(Double(i) / Double(2 * peaks), i % 2 == 0 ? 0.7 : 0.3) }]
        case "wave":
            let periods = 2 + 2 * u()
            return [(0 ... 60).map { i in
                let t = Double(i) / 60
                return Point(t, 0.5 + 0.15 * sin(t * periods * 2 * .pi))
            }]
        case "hatching":
            let n = 4 + Int(rng.next() % 5)
            return (0 ..< n).map { i in
                let x = Double(i) / Double(n - 1)
                return line(x * 0.7, 1, x * 0.7 + 0.3, 0)
            }
        case "specks":
            // One speck in each cell of a grid over the box, placed at random in it: scattered both
            // ways, never lined up into a dotted stick (a 1).
            let n = 6 + Int(rng.next() % 30)
            return (0 ..< n).map { i in [spread(i, of: n, u(), u())] }
        case "dashes":
            // One dash in each cell of a grid, as the specks are. The grid alone does not keep a few
            // upright dashes from lining up into a stick (a 1), so they are drawn again until they
            // span at least 0.7 of the box across: aspect variation narrows that by up to 0.7.
            let n = 4 + Int(rng.next() % 8)
            while true {
                let dashes = (0 ..< n).map { i in
                    let p = spread(i, of: n, u(), u()), a = u() * .pi
                    return line(p.x, p.y, p.x + 0.15 * cos(a), p.y + 0.15 * sin(a))
                }
                let box = StrokeAugmenter.bounds(dashes)
                if box.2 - box.0 >= 0.7 { return dashes }
            }
        case "crossing-lines":
            // Three to five sticks spread across the box (never one lone stick, which is a 1) and a bar.
            let n = 3 + Int(rng.next() % 3)
            return (0 ..< n).map { i in
                let x = (Double(i) + 0.3 * u()) / Double(n)
                return line(x, 0, x + 0.3 * (u() - 0.5), 1)
            } + [line(0, 0.3 + 0.4 * u(), 1, 0.3 + 0.4 * u())]
        case "dash":
            return [line(0, 0.5, 1, 0.5)]
        default:
            return []
        }
    }

    /// Mark `i` of `n` spread over the unit box: in cell `i` of a grid of about √n by √n cells,
    /// at (`u`, `v`) within it.
    static func spread(_ i: Int, of n: Int, _ u: Double, _ v: Double) -> Point {
        let columns = Int(Double(n).squareRoot().rounded(.up)), rows = (n + columns - 1) / columns
        return Point((Double(i % columns) + u) / Double(columns), (Double(i / columns) + v) / Double(rows))
    }

    static func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point] {
        (0 ... 4).map { i in
            let t = Double(i) / 4
            return Point(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
        }
    }

    static func arc(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, _ from: Double, _ to: Double) -> [Point] {
        (0 ... 24).map { i in
            let t = from + (to - from) * Double(i) / 24
            return Point(cx + rx * cos(t), cy + ry * sin(t))
        }
    }

    /// Letters that look like no digit, as strokes on a 10x10 grid (y down).
    static let letters: [String: [[(Double, Double)]]] = [
        "A": [[(1, 10), (5, 0), (9, 10)], [(3, 6), (7, 6)]],
        "E": [[(8, 0), (2, 0), (2, 10), (8, 10)], [(2, 5), (7, 5)]],
        "F": [[(8, 0), (2, 0), (2, 10)], [(2, 5), (7, 5)]],
        "H": [[(2, 0), (2, 10)], [(8, 0), (8, 10)], [(2, 5), (8, 5)]],
        "K": [[(2, 0), (2, 10)], [(8, 0), (2, 6)], [(4, 4.5), (8, 10)]],
        "M": [[(1, 10), (1, 0), (5, 6), (9, 0), (9, 10)]],
        "N": [[(2, 10), (2, 0), (8, 10), (8, 0)]],
        "R": [[(2, 10), (2, 0), (6, 0), (8, 1.5), (8, 3.5), (6, 5), (2, 5)], [(5, 5), (8, 10)]],
        "T": [[(1, 0), (9, 0)], [(5, 0), (5, 10)]],
        "V": [[(1, 0), (5, 10), (9, 0)]],
        "W": [[(0, 0), (2.5, 10), (5, 3), (7.5, 10), (10, 0)]],
        "X": [[(1, 0), (9, 10)], [(9, 0), (1, 10)]],
        "Y": [[(1, 0), (5, 5)], [(9, 0), (5, 5), (5, 10)]],
        "e": [[(2, 6), (8, 6), (8, 4.5), (6.5, 3), (3.5, 3), (2, 5), (2, 8), (4, 10), (7, 10), (8.5, 9)]],
        "k": [[(2, 0), (2, 10)], [(7, 4), (2, 7.5)], [(3.5, 6.5), (7.5, 10)]],
        "m": [[(1, 10), (1, 4), (3, 3), (5, 4), (5, 10)], [(5, 4), (7, 3), (9, 4), (9, 10)]],
        "n": [[(2, 3), (2, 10)], [(2, 5), (4, 3), (7, 3), (8, 5), (8, 10)]],
        "w": [[(0, 3), (2.5, 10), (5, 5), (7.5, 10), (10, 3)]],
        "x": [[(2, 3), (8, 10)], [(8, 3), (2, 10)]],
        "h": [[(2, 0), (2, 10)], [(2, 6), (4, 4), (7, 4), (8, 6), (8, 10)]],
    ]
}
