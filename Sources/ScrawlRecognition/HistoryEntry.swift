import Foundation

/// One recognition as the history keeps it.
public struct HistoryEntry: Codable, Equatable, Sendable, Identifiable {
    public var id: String
    /// When it was recognized (UTC).
    public var time: Date
    public var digit: Int
    public var confidence: Float
    public var probabilities: [Float]
    /// Display name of the model that answered.
    public var model: String
    /// The right digit when the person said the answer was wrong; equal to `digit` when they said
    /// it was right; nil when they said nothing.
    public var correction: Int?
    /// The drawing, relative to the history folder (`drawings/<id>.png`).
    public var drawing: String

    /// A fresh entry id.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    public init(id: String = HistoryEntry.newID(), time: Date = Date(), digit: Int, confidence: Float,
                probabilities: [Float], model: String, correction: Int? = nil) {
        self.id = id
        self.time = time
        self.digit = digit
        self.confidence = confidence
        self.probabilities = probabilities
        self.model = model
        self.correction = correction
        self.drawing = "drawings/\(id).png"
    }
}
