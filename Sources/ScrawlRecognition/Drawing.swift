/// What is on the canvas: an optional picture underneath (an opened PNG, fitted to the canvas)
/// and the strokes drawn on top, on a sheet `side` pixels tall and `width` wide. A value type, so
/// every state can be kept for undo.
public struct Drawing: Equatable, Sendable {
    /// Canvas height in pixels, and the width of a square sheet (what a single digit is drawn on).
    public static let side = 560
    /// The widest sheet: a number of a dozen digits, or a picture four times wider than tall.
    public static let maxWidth = 4 * side
    /// Identity of this drawing: kept while strokes are added, new after a clear or an opened
    /// picture, and restored by undo, so every state of one drawing maps to one history entry.
    public var id: String
    public var strokes: [Stroke] = []
    /// Ink of an opened picture, already fitted to `width x side`.
    public var background: GrayImage?
    /// The sheet's width in pixels: `side` (square) unless the canvas was wider when a stroke was
    /// drawn, or the picture opened on it is wider than tall.
    public var width: Int

    public init(id: String = HistoryEntry.newID(), strokes: [Stroke] = [], background: GrayImage? = nil, width: Int? = nil) {
        self.id = id
        self.strokes = strokes
        self.background = background
        self.width = min(max(width ?? background?.width ?? Self.side, Self.side), Self.maxWidth)
    }

    /// A drawing of `picture` alone, on a sheet as much wider than tall as the picture is (up to
    /// ``maxWidth``), the picture fitted to it.
    public init(picture: GrayImage) {
        let aspect = Double(picture.width) / Double(max(picture.height, 1))
        let width = min(max(Int((Double(Self.side) * aspect).rounded()), Self.side), Self.maxWidth)
        self.init(background: Rasterizer.fitted(picture, width: width, height: Self.side))
    }

    /// True when there is nothing to recognize.
    public var isEmpty: Bool {
        strokes.allSatisfy { $0.points.isEmpty } && !(background?.pixels.contains { $0 > 0.1 } ?? false)
    }
}
