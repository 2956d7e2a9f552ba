/// A trainable array of weights and the gradient the last backward pass accumulated for it.
public final class Parameter {
    /// Name used in model files (for example `conv0.weight`).
    public let name: String
    /// Whether weight decay applies (set by the layer: convolution and dense weights, not biases
    /// or batch norm). See ``Adam/weightDecay``.
    public let decays: Bool
    /// The current values.
    public var value: [Float] { didSet { version &+= 1 } }
    /// Changes whenever `value` is written, so layers can keep things derived from it (packed
    /// weights) until it changes.
    public private(set) var version = 0
    /// d(loss)/d(value) from the most recent backward pass.
    public var gradient: [Float]

    public init(name: String, value: [Float], decays: Bool = false) {
        self.name = name
        self.decays = decays
        self.value = value
        self.gradient = [Float](repeating: 0, count: value.count)
    }
}
