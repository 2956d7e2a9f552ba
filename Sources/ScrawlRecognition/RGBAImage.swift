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

    /// Ink values with the polarity worked out (see ``GrayImage/fromRGBA(width:height:rgba:)``).
    public var ink: GrayImage { GrayImage.fromRGBA(width: width, height: height, rgba: rgba) }
}
