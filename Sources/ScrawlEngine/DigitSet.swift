import Foundation

/// A labelled set of 28x28 greyscale digits, pixels as floats in [0, 1] (ink is 1).
public struct DigitSet: Sendable {
    public static let side = 28
    /// `count * 784` pixels, image after image.
    public var pixels: [Float]
    public var labels: [Int]
    public var count: Int { labels.count }

    public init(pixels: [Float], labels: [Int]) {
        precondition(pixels.count == labels.count * DigitSet.side * DigitSet.side)
        self.pixels = pixels
        self.labels = labels
    }

    /// Images `indices` as a `[n, 28, 28, 1]` batch.
    public func batch(_ indices: some Collection<Int>) -> Tensor {
        let size = DigitSet.side * DigitSet.side
        var data = [Float](repeating: 0, count: indices.count * size)
        for (slot, i) in indices.enumerated() {
            for p in 0 ..< size { data[slot * size + p] = pixels[i * size + p] }
        }
        return Tensor(shape: [indices.count, DigitSet.side, DigitSet.side, 1], data: data)
    }
}
