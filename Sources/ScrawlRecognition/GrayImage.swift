/// A single-channel image with ink as 1 and paper as 0, whatever the source's polarity.
public struct GrayImage: Equatable, Sendable {
    public let width: Int, height: Int
    /// Row-major ink values in [0, 1].
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(pixels.count == width * height, "pixel count does not match \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A blank (inkless) image.
    public init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [Float](repeating: 0, count: width * height))
    }

    @inline(__always) public subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Adds `other`'s ink (the same size): each pixel keeps the stronger of the two.
    mutating func addInk(_ other: GrayImage) {
        for i in pixels.indices { pixels[i] = max(pixels[i], other.pixels[i]) }
    }

    /// The image's `columns` (within its width), full height.
    func columns(_ columns: Range<Int>) -> GrayImage {
        var out = GrayImage(width: columns.count, height: height)
        for y in 0 ..< height {
            for x in columns { out[x - columns.lowerBound, y] = self[x, y] }
        }
        return out
    }

    /// The ink in the image's `columns` (clamped to its width), summed.
    func ink(inColumns columns: Range<Int>) -> Float {
        var sum: Float = 0
        for y in 0 ..< height {
            for x in columns.clamped(to: 0 ..< width) { sum += self[x, y] }
        }
        return sum
    }

    /// Bilinear sample at real coordinates (pixel centres at integer + 0.5); outside is paper.
    @inline(__always) public func sample(_ x: Float, _ y: Float) -> Float {
        let fx = x - 0.5, fy = y - 0.5
        let x0 = Int(fx.rounded(.down)), y0 = Int(fy.rounded(.down))
        let ax = fx - Float(x0), ay = fy - Float(y0)
        func at(_ px: Int, _ py: Int) -> Float {
            px >= 0 && py >= 0 && px < width && py < height ? pixels[py * width + px] : 0
        }
        let top = at(x0, y0) * (1 - ax) + at(x0 + 1, y0) * ax
        let bottom = at(x0, y0 + 1) * (1 - ax) + at(x0 + 1, y0 + 1) * ax
        return top * (1 - ay) + bottom * ay
    }

    /// Builds ink values from 8-bit RGBA pixels (straight alpha), deciding polarity:
    /// if transparency separates the drawing from its background, ink is opacity; otherwise the
    /// background is the brightness most of the border has, and ink is the distance from it.
    public static func fromRGBA(width: Int, height: Int, rgba: [UInt8]) -> GrayImage {
        let n = width * height
        var alpha = [Float](repeating: 0, count: n), luma = alpha
        var transparent = 0, opaque = 0
        for i in 0 ..< n {
            let a = Float(rgba[4 * i + 3]) / 255
            alpha[i] = a
            luma[i] = (0.299 * Float(rgba[4 * i]) + 0.587 * Float(rgba[4 * i + 1]) + 0.114 * Float(rgba[4 * i + 2])) / 255
            if a < 0.5 { transparent += 1 } else { opaque += 1 }
        }
        if transparent > n / 4 && opaque > 0 {
            // Strokes on a transparent sheet: what is opaque is ink.
            return GrayImage(width: width, height: height, pixels: alpha)
        }
        // Composite any partial transparency over the background brightness, then measure from it.
        var border: [Float] = []
        for x in 0 ..< width { border.append(luma[x]); border.append(luma[(height - 1) * width + x]) }
        for y in 0 ..< height { border.append(luma[y * width]); border.append(luma[y * width + width - 1]) }
        border.sort()
        let background = border[border.count / 2]
        let lightPaper = background >= 0.5
        var ink = [Float](repeating: 0, count: n)
        var top: Float = 0
        for i in 0 ..< n {
            let l = luma[i] * alpha[i] + background * (1 - alpha[i])
            let v = lightPaper ? background - l : l - background
            ink[i] = max(v, 0)
            top = max(top, ink[i])
        }
        // Stretch so the strongest ink is 1 (a grey pencil counts as much as a black pen).
        if top > 0 { for i in 0 ..< n { ink[i] = min(ink[i] / top, 1) } }
        return GrayImage(width: width, height: height, pixels: ink)
    }
}
