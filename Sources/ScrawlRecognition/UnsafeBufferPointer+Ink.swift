/// Scans over a picture's ink values eight at a time: most of a picture is paper, and these are
/// the passes that look at every pixel of it.
extension UnsafeBufferPointer where Element == Float {
    /// The strongest value, 0 when none is above 0.
    var strongest: Float {
        guard let base = baseAddress else { return 0 }
        var lanes = SIMD8<Float>(repeating: 0), i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Float>.self)
            lanes.replace(with: v, where: v .> lanes)
            i += 8
        }
        var top = lanes.max()
        while i < count { top = Swift.max(top, base[i]); i += 1 }
        return top
    }

    /// The first index in `range` whose value is above `threshold`, or `range.upperBound`.
    func firstIndex(above threshold: Float, in range: Range<Int>) -> Int {
        guard let base = baseAddress, !range.isEmpty else { return range.upperBound }
        let t = SIMD8<Float>(repeating: threshold)
        var i = range.lowerBound
        while i + 8 <= range.upperBound && !any(UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Float>.self) .> t) { i += 8 }
        while i < range.upperBound && base[i] <= threshold { i += 1 }
        return i
    }

    /// The last index in `range` whose value is above `threshold`, or nil.
    func lastIndex(above threshold: Float, in range: Range<Int>) -> Int? {
        guard let base = baseAddress, !range.isEmpty else { return nil }
        let t = SIMD8<Float>(repeating: threshold)
        var end = range.upperBound
        while end - 8 >= range.lowerBound && !any(UnsafeRawPointer(base + end - 8).loadUnaligned(as: SIMD8<Float>.self) .> t) { end -= 8 }
        while end > range.lowerBound && base[end - 1] <= threshold { end -= 1 }
        return end > range.lowerBound ? end - 1 : nil
    }
}
