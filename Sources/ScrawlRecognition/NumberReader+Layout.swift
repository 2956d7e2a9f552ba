import Foundation

/// The geometry of reading a number: the line height, specks, where to try cutting, and reading
/// order with decimal points.
extension NumberReader {
    /// The typical symbol height: the median height of the taller half of the marks.
    static func lineHeight(_ boxes: [InkBox]) -> Double {
        let heights = boxes.map { max($0.height, $0.width * 0.5) }.sorted()
        guard !heights.isEmpty else { return 1 }
        let tall = heights[(heights.count / 2)...]
        return max(1, tall[tall.startIndex + tall.count / 2])
    }

    /// True for a mark far smaller than the writing, or a `dot` (one touch of the pen, which a
    /// fat pen makes larger) somewhat smaller, that does not touch a larger mark's box.
    static func isSpeck(_ box: InkBox, height: Double, among boxes: [InkBox], dot: Bool = false) -> Bool {
        let limit = (dot ? Self.dot : speck) * height
        guard max(box.width, box.height) < limit else { return false }
        return !boxes.contains { other in
            max(other.width, other.height) >= limit && box.overlapX(other) > 0 && box.overlapY(other) > 0
        }
    }

    /// True for a piece of ink in `box` that is one solid blot, not strokes: its ink (`area`
    /// pixels) fills at least 60% of its box (a filled disc fills 79%) and it is about as wide as
    /// tall. A dot is such a blot.
    static func isBlot(_ box: InkBox, area: Int) -> Bool {
        Double(area) >= 0.6 * box.width * box.height && box.width < 2 * box.height && box.height < 2 * box.width
    }

    /// The pieces of ink each of the drawing's strokes lies in: strokes that cross or touch share one.
    static func inkPieces(of drawing: Drawing) -> [[Int]] {
        let pieces = InkComponents(Rasterizer.renderInk(drawing))
        let (w, h) = (pieces.image.width, pieces.image.height)
        return drawing.strokes.map { stroke in
            Array(Set(stroke.points.compactMap { p -> Int? in
                let (x, y) = (Int(p.x), Int(p.y))
                guard x >= 0, y >= 0, x < w, y < h, pieces.owner[y * w + x] >= 0 else { return nil }
                return Int(pieces.owner[y * w + x])
            }))
        }
    }

    /// True when either stroke ends on the other in a T: the end of its centre line lies inside
    /// the other's ink (within half their mean width of its centre line), further than
    /// ``junctionEnds`` of the other's length from both of the other's ends.
    static func endsOnStroke(_ a: Stroke, _ b: Stroke) -> Bool {
        func lands(_ s: Stroke, on t: Stroke) -> Bool {
            guard t.points.count > 1, let first = s.points.first, let last = s.points.last else { return false }
            // How far along t each of its points lies.
            var along = [0.0]
            for k in 1 ..< t.points.count { along.append(along[k - 1] + hypot(t.points[k].x - t.points[k - 1].x, t.points[k].y - t.points[k - 1].y)) }
            let length = along[along.count - 1], inside = (s.width + t.width) / 4
            guard length > 0 else { return false }
            return [first, last].contains { end in
                // The point of t nearest the end, and how far along t it is.
                var nearest = (distance: Double.infinity, along: 0.0)
                for k in 1 ..< t.points.count {
                    let p = t.points[k - 1], dx = t.points[k].x - p.x, dy = t.points[k].y - p.y, squared = dx * dx + dy * dy
                    let u = squared == 0 ? 0 : min(1, max(0, ((end.x - p.x) * dx + (end.y - p.y) * dy) / squared))
                    let distance = hypot(p.x + u * dx - end.x, p.y + u * dy - end.y)
                    if distance < nearest.distance { nearest = (distance, along[k - 1] + u * sqrt(squared)) }
                }
                return nearest.distance <= inside && nearest.along >= junctionEnds * length && nearest.along <= (1 - junctionEnds) * length
            }
        }
        return lands(a, on: b) || lands(b, on: a)
    }

    /// Why a drawing with this many marks is not read, or nil when it is.
    static func refusal(symbols: Int, specks: Int) -> String? {
        if symbols > maxSymbols {
            return tr("{count} separate marks: more than a number of {most} digits, so not read as one", ["count": String(symbols), "most": String(maxSymbols)])
        }
        if specks > maxSpecks {
            return tr("{count} specks: this looks like noise, not writing", ["count": String(specks)])
        }
        return nil
    }

    /// Where to try cutting a piece of ink whose columns hold `counts` pixels: columns where the
    /// ink is thinnest around them, then every `step` of the line height where none is near (where
    /// digits overlap, no column is thin), all off the edges.
    static func cuts(_ counts: [Int], height: Double, step: Double = 0.15) -> [Int] {
        let reach = max(1, Int(0.05 * height)), margin = max(1, Int(0.12 * height)), spacing = max(1, Int(step * height))
        guard counts.count > 2 * margin + 1 else { return [] }
        var candidates: [Int] = []
        for x in margin ..< counts.count - margin {
            let near = max(0, x - reach) ... min(counts.count - 1, x + reach)
            if near.allSatisfy({ counts[$0] >= counts[x] }) { candidates.append(x) }
        }
        candidates.sort { counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 < $1 }
        var chosen: [Int] = []
        for x in candidates where chosen.allSatisfy({ abs($0 - x) >= spacing * 2 / 3 }) { chosen.append(x) }
        for x in stride(from: margin, to: counts.count - margin, by: spacing) where chosen.allSatisfy({ abs($0 - x) >= spacing / 2 }) {
            chosen.append(x)
        }
        return chosen.sorted()
    }

    /// A slice without the bits of a neighbour's ink that a cut on its `left` or `right` edge
    /// left in it: small pieces touching that edge (under a tenth of the slice's largest piece).
    static func trimmed(_ slice: GrayImage, left: Bool, right: Bool) -> GrayImage {
        trimmed(slice) { x, _ in (left && x <= 1) || (right && x >= slice.width - 2) }
    }

    /// A picture without its small pieces (under a tenth of its largest) that hold a pixel where
    /// `cutOff` is true: crumbs a cut severed from the rest of their ink.
    static func trimmed(_ picture: GrayImage, cutOff: (Int, Int) -> Bool) -> GrayImage {
        let pieces = InkComponents(picture)
        guard pieces.count > 1, let largest = pieces.areas.max() else { return picture }
        var out = picture
        for id in 0 ..< pieces.count where pieces.areas[id] * 10 < largest {
            let b = pieces.boxes[id]
            let pixels = (max(0, b.y0 - 1) ..< min(picture.height, b.y1 + 1)).flatMap { y in
                (max(0, b.x0 - 1) ..< min(picture.width, b.x1 + 1)).lazy.filter { pieces.owner[y * picture.width + $0] == Int32(id) }.map { ($0, y) }
            }
            guard pixels.contains(where: cutOff) else { continue }
            for (x, y) in pixels { out[x, y] = 0 }
        }
        return out
    }

    /// `ink` reduced by an integer `factor`, each pixel the mean of its block.
    static func reduced(_ ink: GrayImage, by factor: Int) -> GrayImage {
        var out = GrayImage(width: ink.width / factor, height: ink.height / factor)
        let scale = 1 / Float(factor * factor)
        for y in 0 ..< out.height {
            for x in 0 ..< out.width {
                var sum: Float = 0
                for dy in 0 ..< factor { for dx in 0 ..< factor { sum += ink[x * factor + dx, y * factor + dy] } }
                out[x, y] = sum * scale
            }
        }
        return out
    }

    /// The symbols in reading order: lines are the bands where symbols of the writing's height
    /// overlap vertically, top to bottom, each read left to right (on a sloping baseline
    /// neighbours still overlap); smaller symbols join the nearest band. A speck in the gap
    /// between two symbols of a line, in the lower part of their band, is a decimal point; other
    /// specks are ignored.
    static func ordered(_ symbols: [NumberPart], specks: [InkBox]) -> NumberReading {
        let height = lineHeight(symbols.map(\.box))
        var bands: [(y0: Double, y1: Double)] = []
        for b in symbols.map(\.box).filter({ $0.height >= 0.5 * height }).sorted(by: { $0.y0 < $1.y0 }) {
            let (y0, y1) = (b.y0 + 0.1 * b.height, b.y1 - 0.1 * b.height)
            if let last = bands.last, y0 <= last.y1 { bands[bands.count - 1].y1 = max(last.y1, y1) } else { bands.append((y0, y1)) }
        }
        func line(of y: Double) -> Int {
            bands.indices.min { distance(y, bands[$0]) < distance(y, bands[$1]) } ?? 0
        }
        var parts = symbols.map { part in
            var p = part
            p.line = line(of: part.box.midY)
            return p
        }
        parts.sort { ($0.line, $0.box.midX) < ($1.line, $1.box.midX) }
        let slack = 0.05 * height
        for dot in specks {
            let l = line(of: dot.midY)
            guard let right = parts.firstIndex(where: { $0.line == l && $0.box.midX > dot.midX }), right > 0,
                  parts[right - 1].line == l, parts[right - 1].kind == .symbol else { continue }
            let (a, b) = (parts[right - 1].box, parts[right].box)
            let t = (dot.midX - a.midX) / max(b.midX - a.midX, 1e-9)
            let top = a.y0 + t * (b.y0 - a.y0), bottom = a.y1 + t * (b.y1 - a.y1)
            guard dot.midY > top + 0.6 * (bottom - top), dot.x0 >= a.x1 - slack, dot.x1 <= b.x0 + slack else { continue }
            parts.insert(NumberPart(kind: .decimalPoint, recognition: nil, box: dot, strokes: [], line: l), at: right)
        }
        return NumberReading(parts: parts)
    }

    private static func distance(_ y: Double, _ band: (y0: Double, y1: Double)) -> Double {
        y < band.y0 ? band.y0 - y : y > band.y1 ? y - band.y1 : 0
    }
}
