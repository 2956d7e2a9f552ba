import Foundation
import ScrawlEngine

/// A number written by one person, composed from their real pen-drawn digits the way a person
/// writes a number on the canvas: digits left to right, in the order written, with gaps from wide
/// down to touching, a sloping and jittering baseline, digits of varying size, and sometimes a
/// decimal point. The evaluation set of ``NumberReader``.
public struct ComposedNumber: Sendable {
    /// What it says, e.g. "20.26".
    public var text: String
    /// The strokes, in the order written, in sheet pixels.
    public var strokes: [Stroke]
    /// Size of the sheet the strokes lie on.
    public var width: Int, height: Int
    /// The ink box of each digit (not the decimal point), in writing order, in sheet pixels.
    public var digitBoxes: [InkBox] = []

    /// How close neighbouring digits come.
    public enum Spacing: String, Sendable, CaseIterable {
        /// Apart, from 60% of a digit's width down to boxes just meeting.
        case separated
        /// Touching or overlapping by up to 15% of a digit's width.
        case touching
    }

    /// The number as the canvas holds it.
    public var drawing: Drawing { Drawing(strokes: strokes) }

    /// The number as a saved picture shows it.
    public var picture: GrayImage { Rasterizer.renderInk(strokes, width: width, height: height) }

    /// A number of `digits` digits by one writer of `samples` (all of whose samples are theirs).
    /// `decimalPoint` puts a point between two digits.
    public static func compose(digits: Int, spacing: Spacing, decimalPoint: Bool, from samples: [PenDigits.Sample],
                               rng: inout SeededGenerator) -> ComposedNumber {
        compose(digits: digits, spacing: spacing, decimalPoint: decimalPoint, byLabel: Dictionary(grouping: samples, by: \.label), rng: &rng)
    }

    /// The same from samples already grouped by their digit.
    static func compose(digits: Int, spacing: Spacing, decimalPoint: Bool, byLabel: [Int: [PenDigits.Sample]],
                        rng: inout SeededGenerator) -> ComposedNumber {
        func uniform(_ a: Double, _ b: Double) -> Double { a + Double(rng.nextUnit()) * (b - a) }
        let height = uniform(60, 160)
        let pen = height * uniform(0.07, 0.2)
        let slope = tan(uniform(-8, 8) * .pi / 180)
        let point = decimalPoint && digits >= 2 ? 1 + Int(rng.next() % UInt64(digits - 1)) : -1
        var strokes: [Stroke] = []
        var text = ""
        var cursor = 0.0
        var previousWidth: Double?
        var boxes: [InkBox] = []
        for k in 0 ..< digits {
            let label = Int(rng.next() % 10)
            guard let choices = byLabel[label], !choices.isEmpty else { continue }
            let sample = choices[Int(rng.next() % UInt64(choices.count))]
            let lines = sample.strokes.filter { !$0.isEmpty }
            let b = StrokeAugmenter.bounds(lines)
            let size = height * uniform(0.85, 1.15)
            let scale = size / max(b.3 - b.1, (b.2 - b.0) * 0.5, 1e-9)
            let inkWidth = (b.2 - b.0) * scale + pen
            if k == point {
                // A dot low between the digits, with a little room either side.
                let gap = height * uniform(0.08, 0.25), dot = min(pen * uniform(1, 1.5), height * 0.2)
                let x = cursor + gap + dot / 2, y = cursor * slope + height * uniform(-0.05, 0.02) - dot / 2
                strokes.append(Stroke(points: [Point(x, y), Point(x + dot * 0.1, y + dot * 0.05)], width: dot))
                text += "."
                cursor = x + dot / 2
                previousWidth = nil
            }
            var gap = height * 0.1
            if let previous = previousWidth {
                let mean = (previous + inkWidth) / 2
                gap = spacing == .separated ? mean * uniform(0, 0.6) : -mean * uniform(0, 0.15)
            }
            let x0 = cursor + gap
            // The digit's ink bottom sits on the sloping baseline, with a little jitter.
            let bottom = x0 * slope + height * 0.04 * Double(rng.nextGaussian())
            let dx = x0 + pen / 2 - b.0 * scale, dy = bottom - pen / 2 - b.3 * scale
            let first = strokes.count
            for line in lines {
                strokes.append(Stroke(points: line.map { Point($0.x * scale + dx, $0.y * scale + dy) }, width: pen))
            }
            if let box = InkBox(around: strokes[first...].compactMap { InkBox(inkOf: $0) }) { boxes.append(box) }
            text += String(label)
            cursor = x0 + inkWidth
            previousWidth = inkWidth
        }
        // Onto a sheet with a margin all round (an empty sheet when `samples` held none of the digits drawn).
        guard let all = InkBox(around: strokes.compactMap { InkBox(inkOf: $0) }) else {
            return ComposedNumber(text: "", strokes: [], width: 1, height: 1)
        }
        let margin = 12.0, dx = margin - all.x0, dy = margin - all.y0
        return ComposedNumber(text: text, strokes: strokes.map { $0.moved(dx: dx, dy: dy) }, width: Int(all.width + 2 * margin),
                              height: Int(all.height + 2 * margin), digitBoxes: boxes.map { $0.moved(dx: dx, dy: dy) })
    }
}
