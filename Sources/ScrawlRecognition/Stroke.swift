/// A point of a pen trajectory, in canvas pixels.
public struct Point: Equatable, Codable, Sendable {
    public var x: Double, y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// One pen-down-to-pen-up movement, kept as vector points.
public struct Stroke: Equatable, Codable, Sendable {
    public var points: [Point]
    /// Pen diameter in canvas pixels.
    public var width: Double

    public init(points: [Point], width: Double) {
        self.points = points
        self.width = width
    }

    /// Bounding box of the centre line (minX, minY, maxX, maxY), or nil with no points.
    public var bounds: (Double, Double, Double, Double)? {
        guard let first = points.first else { return nil }
        var b = (first.x, first.y, first.x, first.y)
        for p in points.dropFirst() { b = (min(b.0, p.x), min(b.1, p.y), max(b.2, p.x), max(b.3, p.y)) }
        return b
    }

    /// The stroke moved by (`dx`, `dy`).
    public func moved(dx: Double, dy: Double) -> Stroke {
        Stroke(points: points.map { Point($0.x + dx, $0.y + dy) }, width: width)
    }
}
