/// What is on the canvas: an optional picture underneath (an opened PNG, fitted to the canvas)
/// and the strokes drawn on top. A value type, so every state can be kept for undo.
public struct Drawing: Equatable, Sendable {
    /// Canvas side in pixels (the drawing is square).
    public static let side = 560
    /// Identity of this drawing: kept while strokes are added, new after a clear or an opened
    /// picture, and restored by undo, so every state of one drawing maps to one history entry.
    public var id: String
    public var strokes: [Stroke] = []
    /// Ink of an opened picture, already fitted to `side x side`.
    public var background: GrayImage?

    public init(id: String = HistoryEntry.newID(), strokes: [Stroke] = [], background: GrayImage? = nil) {
        self.id = id
        self.strokes = strokes
        self.background = background
    }

    /// True when there is nothing to recognize.
    public var isEmpty: Bool {
        strokes.allSatisfy { $0.points.isEmpty } && !(background?.pixels.contains { $0 > 0.1 } ?? false)
    }
}
