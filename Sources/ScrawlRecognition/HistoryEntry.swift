import Foundation

/// One recognition as the history keeps it.
public struct HistoryEntry: Codable, Equatable, Sendable, Identifiable {
    public var id: String
    /// When it was recognized (UTC).
    public var time: Date
    /// The most probable digit (also when the answer was "not a digit"); for a model with labels
    /// of its own, the index of its most probable label in ``labels``.
    public var digit: Int
    /// Probability of the answer.
    public var confidence: Float
    /// Probability of each digit (of each of ``labels``, when the model has its own).
    public var probabilities: [Float]
    /// Probability of "not a digit", for models with that output (absent from older lines).
    public var notDigit: Float?
    /// Display name of the model that answered.
    public var model: String
    /// The right digit when the person said the answer was wrong (``notADigit`` when they said it
    /// is not a digit); the answer itself when they said it was right; nil when they said nothing.
    public var correction: Int?
    /// The drawing, relative to the history folder (`drawings/<id>.png`).
    public var drawing: String
    /// For a drawing read as several symbols: the number as read ("20.26"; absent from
    /// single-digit entries and older lines). `digit` and `probabilities` are then its first
    /// symbol's, and `confidence` the chance every symbol is right.
    public var number: String?
    /// Each symbol's confidence, in reading order (with ``number``).
    public var digitConfidences: [Float]?
    /// The right number when the person corrected a number.
    public var numberCorrection: String?
    /// The name of each class `digit`, `probabilities` and `correction` count in, for a model
    /// taught labels of its own ("A", "+"); absent for the digits 0-9 (and older lines).
    public var labels: [String]?

    /// The classes' names: ``labels``, or the digits.
    public var classNames: [String] { labels ?? OutputLabels.digitNames }

    /// The value of ``correction`` that says "this is not a digit".
    public static let notADigit = -1

    /// The answer as recognized: the digit, or ``notADigit``.
    public var answer: Int { isDigit ? digit : Self.notADigit }

    /// False when the model answered "not a digit".
    public var isDigit: Bool { Recognition.isDigit(notADigit: notDigit ?? 0, bestDigit: probabilities[digit]) }

    /// An answer or correction in words: "7", "A" or "not a digit".
    public func text(_ answer: Int) -> String {
        answer == Self.notADigit ? "not a digit" : classNames.indices.contains(answer) ? classNames[answer] : "?"
    }

    /// A fresh entry id.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    public init(id: String = HistoryEntry.newID(), time: Date = Date(), digit: Int, confidence: Float,
                probabilities: [Float], notDigit: Float? = nil, model: String, correction: Int? = nil) {
        self.id = id
        self.time = time
        self.digit = digit
        self.confidence = confidence
        self.probabilities = probabilities
        self.notDigit = notDigit
        self.model = model
        self.correction = correction
        self.drawing = "drawings/\(id).png"
    }

    /// An entry for `recognition`, made by `model`.
    public init(id: String = HistoryEntry.newID(), recognition r: Recognition, model: String, rejects: Bool) {
        self.init(id: id, digit: 0, confidence: 0, probabilities: [], model: model)
        update(from: r, rejects: rejects)
    }

    /// An entry for a reading: a single digit's, or a number's.
    public init(id: String = HistoryEntry.newID(), reading: NumberReading, model: String, rejects: Bool) {
        self.init(id: id, digit: 0, confidence: 0, probabilities: [Float](repeating: 0, count: 10), model: model)
        update(from: reading, rejects: rejects)
    }

    /// The answer as the history list shows it: the number, the digit or "not a digit".
    public var answerText: String { number ?? text(answer) }

    /// Takes the answer of `reading` (a single digit's or a number's), keeping id, drawing and
    /// corrections.
    public mutating func update(from reading: NumberReading, rejects: Bool) {
        if reading.isSingle, let r = reading.parts[0].recognition {
            update(from: r, rejects: rejects)
            number = nil
            digitConfidences = nil
        } else {
            let symbols = reading.symbols.compactMap(\.recognition)
            let first = symbols.first ?? Recognition(digit: 0, probabilities: [Float](repeating: 0.1, count: 10), input: [])
            (digit, confidence, probabilities) = (first.digit, reading.confidence, first.probabilities)
            notDigit = rejects ? first.notADigitProbability : nil
            (number, digitConfidences) = (reading.text, symbols.map(\.confidence))
            labels = nil   // only a digit model reads numbers
        }
    }

    /// Takes the answer of `r` (digit, probabilities, confidence), keeping id, drawing and correction.
    public mutating func update(from r: Recognition, rejects: Bool) {
        digit = r.digit
        confidence = r.confidence
        probabilities = r.probabilities
        notDigit = rejects ? r.notADigitProbability : nil
        labels = r.labelsAreDigits ? nil : r.labels
    }
}
