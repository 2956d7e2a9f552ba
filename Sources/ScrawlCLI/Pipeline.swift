import ScrawlEngine
import ScrawlRecognition

/// The pieces of the recognition path the commands share.
enum Pipeline {
    /// `set` with every image passed through the preprocessor, as the app would see it.
    static func preprocessed(_ set: DigitSet) -> DigitSet {
        var pixels = set.pixels
        let size = 784
        set.pixels.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                let out = dst.baseAddress!
                Parallel.forChunks(set.count, cost: Parallel.minimumWork) { range in   // each image is worth a thread
                    for i in range {
                        let image = GrayImage(width: 28, height: 28, pixels: Array(src[i * size ..< (i + 1) * size]))
                        if let r = Preprocessor.digitInput(from: image) {
                            for p in 0 ..< size { out[i * size + p] = r.pixels[p] }
                        }
                    }
                }
            }
        }
        return DigitSet(pixels: pixels, labels: set.labels)
    }

    /// Median stroke width of `set`'s digits at the preprocessor's working size, as a fraction of the box.
    static func medianStrokeFraction(_ set: DigitSet, sample: Int = 5000) -> Float {
        var widths: [Float] = []
        for i in 0 ..< min(sample, set.count) {
            let image = GrayImage(width: 28, height: 28, pixels: Array(set.pixels[i * 784 ..< (i + 1) * 784]))
            if let w = Preprocessor.workingStrokeWidth(of: image) { widths.append(w) }
        }
        widths.sort()
        return widths.isEmpty ? 0 : widths[widths.count / 2] / Float(Preprocessor.workingSide)
    }
}
