/// The drawing being edited and its undo history. Every change (a stroke, clear, loading a picture)
/// is one undoable step; a new change after undo discards the redo states.
public struct DrawingDocument: Sendable {
    public private(set) var drawing = Drawing()
    private var undoStack: [Drawing] = []
    private var redoStack: [Drawing] = []
    /// Oldest states are dropped beyond this many undo steps.
    public var undoLimit = 200

    public init() {}

    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }
    public var canClear: Bool { !drawing.isEmpty || !drawing.strokes.isEmpty }

    /// Adds a stroke (undoable); `sheetWidth`, the canvas's width as the stroke was drawn, widens
    /// the sheet (it never narrows under the ink already on it).
    public mutating func addStroke(_ stroke: Stroke, sheetWidth: Int = Drawing.side) {
        guard !stroke.points.isEmpty else { return }
        var next = drawing
        next.strokes.append(stroke)
        next.width = min(max(next.width, sheetWidth), Drawing.maxWidth)
        commit(next)
    }

    /// Clears the canvas (undoable). Does nothing on an empty canvas.
    public mutating func clear() {
        guard canClear else { return }
        commit(Drawing())
    }

    /// Replaces the canvas with a picture already fitted to its sheet (``Drawing/init(picture:)``;
    /// undoable); strokes drawn later go on top of it.
    public mutating func load(_ picture: Drawing) {
        commit(Drawing(background: picture.background, width: picture.width))
    }

    public mutating func undo() {
        guard let previous = undoStack.popLast() else { return }
        redoStack.append(drawing)
        drawing = previous
    }

    public mutating func redo() {
        guard let next = redoStack.popLast() else { return }
        undoStack.append(drawing)
        drawing = next
    }

    private mutating func commit(_ next: Drawing) {
        undoStack.append(drawing)
        if undoStack.count > undoLimit { undoStack.removeFirst(undoStack.count - undoLimit) }
        redoStack.removeAll()
        drawing = next
    }
}
