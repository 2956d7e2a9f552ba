/// A trainable array of weights and the gradient the last backward pass accumulated for it.
public final class Parameter {
    /// Name used in model files (for example `conv0.weight`).
    public let name: String
    /// The current values.
    public var value: [Float] { didSet { version &+= 1 } }
    /// Changes whenever `value` is written, so layers can keep things derived from it (packed
    /// weights) until it changes.
    public private(set) var version = 0
    /// d(loss)/d(value) from the most recent backward pass.
    public var gradient: [Float]

    public init(name: String, value: [Float]) {
        self.name = name
        self.value = value
        self.gradient = [Float](repeating: 0, count: value.count)
    }
}
