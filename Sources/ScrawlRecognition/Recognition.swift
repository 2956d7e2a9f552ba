/// What the network made of one drawing.
public struct Recognition: Equatable, Sendable {
    /// The most probable digit (also when the drawing is judged not to be a digit).
    public var digit: Int
    /// Probability of every digit, 0 to 9. They sum to 1 less ``notADigitProbability``.
    public var probabilities: [Float]
    /// Probability the model gives to "not a digit" (0 for a model without that output).
    public var notADigitProbability: Float
    /// Exactly what the network was given: 28x28 ink values.
    public var input: [Float]

    public init(digit: Int, probabilities: [Float], notADigitProbability: Float = 0, input: [Float]) {
        self.digit = digit
        self.probabilities = probabilities
        self.notADigitProbability = notADigitProbability
        self.input = input
    }

    /// False when the model says the drawing is not a digit.
    public var isDigit: Bool { Self.isDigit(notADigit: notADigitProbability, bestDigit: probabilities[digit]) }

    /// The one rule for "not a digit": its output is more probable than every digit (a tie goes
    /// to the digit).
    public static func isDigit(notADigit: Float, bestDigit: Float) -> Bool { notADigit <= bestDigit }

    /// The digit, or nil when the answer is "not a digit".
    public var answer: Int? { isDigit ? digit : nil }

    /// Probability of the answer: the digit's, or "not a digit"'s when that is the answer.
    public var confidence: Float { isDigit ? probabilities[digit] : notADigitProbability }

    /// The `count` most probable digits, best first.
    public func top(_ count: Int) -> [(digit: Int, probability: Float)] {
        probabilities.enumerated().sorted { $0.element > $1.element }.prefix(count).map { ($0.offset, $0.element) }
    }
}
