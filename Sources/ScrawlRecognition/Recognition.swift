/// What the network made of one drawing.
public struct Recognition: Equatable, Sendable {
    /// The most probable digit.
    public var digit: Int
    /// Probability of every digit, 0 to 9 (sums to 1).
    public var probabilities: [Float]
    /// Exactly what the network was given: 28x28 ink values.
    public var input: [Float]

    /// Probability of the chosen digit.
    public var confidence: Float { probabilities[digit] }

    /// The `count` most probable digits, best first.
    public func top(_ count: Int) -> [(digit: Int, probability: Float)] {
        probabilities.enumerated().sorted { $0.element > $1.element }.prefix(count).map { ($0.offset, $0.element) }
    }

    public static func == (a: Recognition, b: Recognition) -> Bool {
        a.digit == b.digit && a.probabilities == b.probabilities && a.input == b.input
    }
}
