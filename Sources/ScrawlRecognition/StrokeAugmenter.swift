import Foundation
import ScrawlEngine

/// Random variations of pen trajectories, the way different people and pens would write the same
/// digit: sampling density, a few writing-style variants (a 1 as a plain stick or with a flag or
/// a base, a slashed 0, a crossbar on a 7), rotation, slant, aspect, a smooth elastic warp,
/// jitter, then a size, pen width and position on the canvas. The result is a ``Drawing`` whose
/// ink lies wholly inside the canvas, and the same seed always gives the same drawing.
public struct StrokeAugmenter: Sendable {
    public var maxRotation = 0.26            // radians, about 15 degrees
    public var maxSlant = 0.35               // x shift per unit of height
    public var aspectRange: ClosedRange<Double> = 0.7 ... 1.3
    /// Amplitude of the smooth warp, as a fraction of the digit's size.
    public var warp = 0.05
    /// Standard deviation of the per-point jitter, as a fraction of the digit's size.
    public var jitter = 0.008
    public var penWidths: ClosedRange<Double> = 10 ... 50
    public var sizes: ClosedRange<Double> = 80 ... 500
    /// Chance of each style variant on the digits it applies to.
    public var styleChance = 0.3
    /// Whether strokes are resampled (fewer or more points).
    public var resample = true

    public init() {}

    /// No variation: each drawing as written, at a 28 px pen and a size of 250 px (only its place varies).
    public static let none: StrokeAugmenter = {
        var a = StrokeAugmenter()
        a.maxRotation = 0; a.maxSlant = 0; a.aspectRange = 1 ... 1; a.warp = 0; a.jitter = 0
        a.penWidths = 28 ... 28; a.sizes = 250 ... 250; a.styleChance = 0; a.resample = false
        return a
    }()

    /// A varied drawing of `strokes` (any coordinates, y down). `label` selects the style variants
    /// (nil: none).
    public func augment(_ strokes: [[Point]], label: Int?, rng: inout SeededGenerator) -> Drawing {
        var lines = Self.unitBox(strokes.filter { !$0.isEmpty })
        guard !lines.isEmpty else { return Drawing() }
        if resample { lines = lines.map { resampled($0, rng: &rng) } }
        if let label { lines = styled(lines, label: label, rng: &rng) }
        let angle = (uniform(&rng) * 2 - 1) * maxRotation
        let slant = (uniform(&rng) * 2 - 1) * maxSlant
        let aspect = aspectRange.lowerBound + uniform(&rng) * (aspectRange.upperBound - aspectRange.lowerBound)
        let (c, s) = (cos(angle), sin(angle))
        let (sx, sy) = (aspect.squareRoot(), 1 / aspect.squareRoot())
        let amplitude = warp * uniform(&rng)
        let (f1, f2) = (0.5 + uniform(&rng), 0.5 + uniform(&rng))
        let (p1, p2) = (uniform(&rng), uniform(&rng))
        let sigma = jitter * uniform(&rng)
        lines = lines.map { line in
            line.map { p in
                // Slant, aspect, rotation, then a smooth displacement field and point jitter.
                let x0 = (p.x - slant * p.y) * sx, y0 = p.y * sy
                var x = c * x0 - s * y0, y = s * x0 + c * y0
                x += amplitude * sin(2 * .pi * (f1 * y + p1))
                y += amplitude * sin(2 * .pi * (f2 * x + p2))
                return Point(x + sigma * Double(rng.nextGaussian()), y + sigma * Double(rng.nextGaussian()))
            }
        }
        let width = penWidths.lowerBound + uniform(&rng) * (penWidths.upperBound - penWidths.lowerBound)
        // Small drawings more often than large ones: a fat pen on a small digit closes its loops,
        // which the picture path has to learn to read.
        let size = sizes.lowerBound + pow(uniform(&rng), 1.5) * (sizes.upperBound - sizes.lowerBound)
        return place(lines, size: size, width: width, rng: &rng)
    }

    /// `lines` scaled so their longer side is `size` (at most what fits with the pen), at a random
    /// position with every inked pixel inside the canvas.
    func place(_ lines: [[Point]], size: Double, width: Double, rng: inout SeededGenerator) -> Drawing {
        let b = Self.bounds(lines)
        let extent = max(b.2 - b.0, b.3 - b.1, 1e-9)
        let canvas = Double(Drawing.side)
        let scale = min(size, canvas - width - 2) / extent
        let (w, h) = ((b.2 - b.0) * scale, (b.3 - b.1) * scale)
        let x = width / 2 + 1 + uniform(&rng) * max(0, canvas - width - 2 - w)
        let y = width / 2 + 1 + uniform(&rng) * max(0, canvas - width - 2 - h)
        return Drawing(strokes: lines.map { line in
            Stroke(points: line.map { Point(x + ($0.x - b.0) * scale, y + ($0.y - b.1) * scale) }, width: width)
        })
    }

    /// Fewer points (every 2nd to 4th, ends kept), more (midpoints inserted), or as written. Only
    /// dense strokes are thinned out: a sparse template's points are its corners (a star thinned
    /// to three of its six points is a stick).
    func resampled(_ line: [Point], rng: inout SeededGenerator) -> [Point] {
        switch rng.next() % 3 {
        case 0 where line.count >= 12:
            let step = 2 + Int(rng.next() % 3)
            var out = stride(from: 0, to: line.count, by: step).map { line[$0] }
            if out.last != line.last { out.append(line[line.count - 1]) }
            return out
        case 1:
            var out: [Point] = []
            for (a, b) in zip(line, line.dropFirst()) { out += [a, Point((a.x + b.x) / 2, (a.y + b.y) / 2)] }
            return out + [line[line.count - 1]]
        default:
            return line
        }
    }

    /// Style variants people write that the data may lack: a 1 as a plain straight stick, or with
    /// a flag at the top or a base at the bottom, a slashed 0, a 7 with a crossbar. `lines` are in
    /// the unit box.
    func styled(_ lines: [[Point]], label: Int, rng: inout SeededGenerator) -> [[Point]] {
        let b = Self.bounds(lines)
        let (w, h) = (b.2 - b.0, b.3 - b.1)
        var out = lines
        switch label {
        case 1 where h > 2 * w:
            if uniform(&rng) < styleChance, let top = lines.joined().min(by: { $0.y < $1.y }),
               let foot = lines.joined().max(by: { $0.y < $1.y }) {
                // A plain stick: one straight stroke from the top to the foot.
                return [(0 ... 6).map { i in
                    let t = Double(i) / 6
                    return Point(top.x + (foot.x - top.x) * t, top.y + (foot.y - top.y) * t)
                }]
            }
            if uniform(&rng) < styleChance, let top = lines.joined().min(by: { $0.y < $1.y }) {
                // A flag from the top, down and to the left, drawn before the stem.
                let length = h * (0.2 + 0.35 * uniform(&rng)), drop = 0.3 + 0.6 * uniform(&rng)
                let start = Point(top.x - length * cos(drop), top.y + length * sin(drop))
                out.insert([start, Point((start.x + top.x) / 2, (start.y + top.y) / 2), top], at: 0)
            }
            if uniform(&rng) < styleChance * 0.7, let foot = lines.joined().max(by: { $0.y < $1.y }) {
                let half = h * (0.15 + 0.15 * uniform(&rng))
                out.append([Point(foot.x - half, foot.y), Point(foot.x, foot.y), Point(foot.x + half, foot.y)])
            }
        case 0 where uniform(&rng) < styleChance * 0.5:
            // A slashed zero: a diagonal through the loop, from low left to high right.
            let reach = 0.3 + 0.25 * uniform(&rng)
            let (cx, cy) = ((b.0 + b.2) / 2, (b.1 + b.3) / 2)
            out.append([Point(cx - reach * w, cy + reach * h), Point(cx, cy), Point(cx + reach * w, cy - reach * h)])
        case 7:
            guard uniform(&rng) < styleChance else { break }
            // A short bar across the stem at about mid-height.
            let level = b.1 + h * (0.45 + 0.15 * uniform(&rng))
            let stem = lines.joined().min { abs($0.y - level) < abs($1.y - level) }
            guard let stem, abs(stem.y - level) < 0.2 * h else { break }
            let half = max(w, h) * (0.15 + 0.1 * uniform(&rng))
            out.append([Point(stem.x - half, level), Point(stem.x, level), Point(stem.x + half, level)])
        default:
            break
        }
        return out
    }

    /// The strokes moved so their bounding box is centred on the origin with its longer side 1.
    static func unitBox(_ lines: [[Point]]) -> [[Point]] {
        guard !lines.isEmpty else { return [] }
        let b = bounds(lines)
        let extent = max(b.2 - b.0, b.3 - b.1)
        let scale = extent > 0 ? 1 / extent : 1
        let (cx, cy) = ((b.0 + b.2) / 2, (b.1 + b.3) / 2)
        return lines.map { $0.map { Point(($0.x - cx) * scale, ($0.y - cy) * scale) } }
    }

    /// Bounding box (minX, minY, maxX, maxY) of every point.
    static func bounds(_ lines: [[Point]]) -> (Double, Double, Double, Double) {
        var b = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        for p in lines.joined() { b = (min(b.0, p.x), min(b.1, p.y), max(b.2, p.x), max(b.3, p.y)) }
        return b.0.isFinite ? b : (0, 0, 0, 0)
    }

    private func uniform(_ rng: inout SeededGenerator) -> Double { Double(rng.nextUnit()) }
}
