/// 8-bit RGBA pixels with straight (not premultiplied) alpha.
public struct RGBAImage: Equatable, Sendable {
    public let width: Int, height: Int
    public var rgba: [UInt8]

    public init(width: Int, height: Int, rgba: [UInt8]) {
        precondition(rgba.count == width * height * 4)
        self.width = width
        self.height = height
        self.rgba = rgba
    }

    /// `ink` as black on opaque white paper, the way Scrawl saves drawings.
    public init(paper ink: GrayImage) {
        var rgba = [UInt8](repeating: 255, count: ink.width * ink.height * 4)
        for i in 0 ..< ink.width * ink.height {
            let v = UInt8(max(0, min(255, (1 - ink.pixels[i]) * 255 + 0.5)))
            rgba[4 * i] = v; rgba[4 * i + 1] = v; rgba[4 * i + 2] = v
        }
        self.init(width: ink.width, height: ink.height, rgba: rgba)
    }

    /// Ink values with the polarity worked out (see ``GrayImage/fromRGBA(width:height:rgba:)``).
    public var ink: GrayImage { GrayImage.fromRGBA(width: width, height: height, rgba: rgba) }
}
