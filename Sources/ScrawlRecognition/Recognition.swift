/// What the network made of one drawing.
public struct Recognition: Equatable, Sendable {
    /// The most probable class (also when the drawing is judged to be none): its index in
    /// ``labels``, which for a digit model is the digit itself.
    public var digit: Int
    /// Probability of every class, in the order of ``labels``. They sum to 1 less
    /// ``notADigitProbability``.
    public var probabilities: [Float]
    /// Probability the model gives to "not a digit" (0 for a model without that output).
    public var notADigitProbability: Float
    /// Exactly what the network was given: 28x28 ink values.
    public var input: [Float]
    /// The name of each class: "0" … "9" for a digit model, the person's own labels for a
    /// personal model taught symbols.
    public var labels: [String]

    public init(digit: Int, probabilities: [Float], notADigitProbability: Float = 0, input: [Float],
                labels: [String] = OutputLabels.digitNames) {
        self.digit = digit
        self.probabilities = probabilities
        self.notADigitProbability = notADigitProbability
        self.input = input
        self.labels = labels
    }

    /// False when the model says the drawing is not a digit (not one of its symbols).
    public var isDigit: Bool { Self.isDigit(notADigit: notADigitProbability, bestDigit: probabilities[digit]) }

    /// The one rule for "not a digit": its output is more probable than every digit (a tie goes
    /// to the digit).
    public static func isDigit(notADigit: Float, bestDigit: Float) -> Bool { notADigit <= bestDigit }

    /// True when the classes are the digits 0-9 (no labels of the model's own).
    public var labelsAreDigits: Bool { labels == OutputLabels.digitNames }

    /// The most probable class's name ("7", "A").
    public var label: String { labels[digit] }

    /// The answer's class index, or nil when the answer is "not a digit".
    public var answer: Int? { isDigit ? digit : nil }

    /// The answer's name, or nil when the answer is "not a digit".
    public var answerLabel: String? { answer.map { labels[$0] } }

    /// Probability of the answer: the digit's, or "not a digit"'s when that is the answer.
    public var confidence: Float { isDigit ? probabilities[digit] : notADigitProbability }

    /// The `count` most probable classes, best first.
    public func top(_ count: Int) -> [(digit: Int, probability: Float)] {
        probabilities.enumerated().sorted { $0.element > $1.element }.prefix(count).map { ($0.offset, $0.element) }
    }
}
