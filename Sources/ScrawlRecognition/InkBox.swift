/// An axis-aligned box around some ink, in the coordinates of the drawing or picture it lies in
/// (x right, y down; `x1` and `y1` are the far edges).
public struct InkBox: Equatable, Sendable {
    public var x0: Double, y0: Double, x1: Double, y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    /// The smallest box holding both.
    public func union(_ other: InkBox) -> InkBox {
        InkBox(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// The smallest box holding all of `boxes`; nil when there are none.
    init?(around boxes: some Sequence<InkBox>) {
        guard let all = boxes.reduce(nil as InkBox?, { $0?.union($1) ?? $1 }) else { return nil }
        self = all
    }

    /// The box moved by (`dx`, `dy`).
    func moved(dx: Double, dy: Double) -> InkBox { InkBox(x0: x0 + dx, y0: y0 + dy, x1: x1 + dx, y1: y1 + dy) }

    /// The box in coordinates `factor` times larger.
    func scaled(by factor: Double) -> InkBox { InkBox(x0: x0 * factor, y0: y0 * factor, x1: x1 * factor, y1: y1 * factor) }

    /// Length of the shared part of the two boxes' horizontal extents (0 when apart).
    func overlapX(_ other: InkBox) -> Double { max(0, min(x1, other.x1) - max(x0, other.x0)) }

    /// Length of the shared part of the two boxes' vertical extents (0 when apart).
    func overlapY(_ other: InkBox) -> Double { max(0, min(y1, other.y1) - max(y0, other.y0)) }

    /// The box around a stroke's inked area (its centre line grown by half the pen), nil without points.
    init?(inkOf stroke: Stroke) {
        guard let b = stroke.bounds else { return nil }
        let r = stroke.width / 2
        self.init(x0: b.0 - r, y0: b.1 - r, x1: b.2 + r, y1: b.3 + r)
    }
}
