/// What is on the canvas: an optional picture underneath (an opened PNG, fitted to the canvas)
/// and the strokes drawn on top. A value type, so every state can be kept for undo.
public struct Drawing: Equatable, Sendable {
    /// Canvas side in pixels (the drawing is square).
    public static let side = 560
    public var strokes: [Stroke] = []
    /// Ink of an opened picture, already fitted to `side x side`.
    public var background: GrayImage?

    public init(strokes: [Stroke] = [], background: GrayImage? = nil) {
        self.strokes = strokes
        self.background = background
    }

    /// True when there is nothing to recognize.
    public var isEmpty: Bool {
        strokes.allSatisfy { $0.points.isEmpty } && !(background?.pixels.contains { $0 > 0.1 } ?? false)
    }
}
