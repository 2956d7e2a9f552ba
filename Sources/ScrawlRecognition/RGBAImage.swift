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

    /// Pixels as GDK hands out a texture (`gdk_texture_download`): cairo's ARGB32, alpha
    /// premultiplied, each pixel a native-endian 32-bit word (B, G, R, A in memory on the
    /// little-endian machines Scrawl runs on), rows `stride` bytes apart.
    public init(premultipliedBGRA pixels: [UInt8], width: Int, height: Int, stride: Int) {
        precondition(stride >= width * 4 && pixels.count >= stride * max(0, height - 1) + width * 4)
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0 ..< height {
            for x in 0 ..< width {
                let i = y * stride + x * 4, o = (y * width + x) * 4
                let a = Int(pixels[i + 3])
                guard a > 0 else { continue }   // transparent: black at alpha 0, as PNG decoding gives it
                func straight(_ c: UInt8) -> UInt8 { UInt8(min(255, (Int(c) * 255 + a / 2) / a)) }
                rgba[o] = straight(pixels[i + 2]); rgba[o + 1] = straight(pixels[i + 1]); rgba[o + 2] = straight(pixels[i])
                rgba[o + 3] = UInt8(a)
            }
        }
        self.init(width: width, height: height, rgba: rgba)
    }

    /// Ink values with the polarity worked out (see ``GrayImage/fromRGBA(width:height:rgba:)``).
    public var ink: GrayImage { GrayImage.fromRGBA(width: width, height: height, rgba: rgba) }
}
