import Foundation
import ScrawlEngine

/// Random distortions of MNIST digits that mimic how people draw with a mouse or finger:
/// rotation, scaling, squashing, shear and stroke thickness. Each distorted digit then goes through
/// ``Preprocessor/digitInput(from:normalizeThickness:)``, exactly as a drawing would.
public struct DigitAugmenter: Sendable {
    public var maxRotation: Float = 0.26      // radians (about 15 degrees)
    public var scaleRange: ClosedRange<Float> = 0.8 ... 1.2
    public var aspectRange: ClosedRange<Float> = 0.75 ... 1.25
    public var maxShear: Float = 0.3
    /// Dilation/erosion radius range at 2x resolution (negative thins).
    public var thicknessRange: ClosedRange<Int> = -1 ... 2

    public init() {}

    /// A distorted, preprocessed copy of the 28x28 image at `pixels`.
    public func augment(_ pixels: UnsafePointer<Float>, rng: inout SeededGenerator) -> [Float] {
        let side = DigitSet.side, big = 2 * side
        let angle = (rng.nextUnit() * 2 - 1) * maxRotation
        let scale = scaleRange.lowerBound + rng.nextUnit() * (scaleRange.upperBound - scaleRange.lowerBound)
        let aspect = aspectRange.lowerBound + rng.nextUnit() * (aspectRange.upperBound - aspectRange.lowerBound)
        let shear = (rng.nextUnit() * 2 - 1) * maxShear
        let sx = 2 * scale * aspect.squareRoot(), sy = 2 * scale / aspect.squareRoot()
        // Forward map (source -> big): M = R * Shear * S; sample with its inverse.
        let (c, s) = (cos(angle), sin(angle))
        let m00 = c * sx, m01 = (c * shear - s) * sy
        let m10 = s * sx, m11 = (s * shear + c) * sy
        let det = m00 * m11 - m01 * m10
        let i00 = m11 / det, i01 = -m01 / det, i10 = -m10 / det, i11 = m00 / det
        let source = GrayImage(width: side, height: side, pixels: Array(UnsafeBufferPointer(start: pixels, count: side * side)))
        var canvas = GrayImage(width: big, height: big)
        let half = Float(big) / 2, srcHalf = Float(side) / 2
        for y in 0 ..< big {
            for x in 0 ..< big {
                let u = Float(x) + 0.5 - half, v = Float(y) + 0.5 - half
                canvas[x, y] = source.sample(i00 * u + i01 * v + srcHalf, i10 * u + i11 * v + srcHalf)
            }
        }
        let r = thicknessRange.lowerBound + Int(rng.next() % UInt64(thicknessRange.count))
        if r != 0 { canvas = Preprocessor.morph(canvas, radius: abs(r), dilate: r > 0) }
        if let result = Preprocessor.digitInput(from: canvas) { return result.pixels }
        return Preprocessor.digitInput(from: source)?.pixels ?? Array(UnsafeBufferPointer(start: pixels, count: side * side))
    }
}
