/// An exponential moving average of a model's parameters (Polyak averaging): after every step,
/// `average = decay * average + (1 - decay) * weights`. The averaged weights sit in a flatter part
/// of the loss than the last step's, so they generalise a little better and change less from one
/// epoch to the next; training keeps stepping the raw weights, and the averaged ones are swapped
/// in to evaluate and save. Running statistics (BatchNorm) are averages already and stay as they are.
public final class WeightAverage {
    public let decay: Float
    let parameters: [Parameter]
    private(set) var averages: [[Float]]

    public init(of model: Sequential, decay: Float) {
        precondition((0 ..< 1).contains(decay), "the decay is a fraction below 1")
        self.decay = decay
        parameters = model.parameters
        averages = parameters.map(\.value)
    }

    /// Folds the parameters' current values into the average.
    public func update() {
        let (d, e) = (decay, 1 - decay)
        for (k, p) in parameters.enumerated() {
            p.value.withUnsafeBufferPointer { w in
                averages[k].withUnsafeMutableBufferPointer { a in
                    for i in 0 ..< a.count { a[i] = d * a[i] + e * w[i] }
                }
            }
        }
    }

    /// Runs `body` with the averaged weights in the model, then puts the raw weights back.
    public func withAveragedWeights<T>(_ body: () throws -> T) rethrows -> T {
        let raw = parameters.map(\.value)
        for (p, a) in zip(parameters, averages) { p.value = a }
        defer { for (p, r) in zip(parameters, raw) { p.value = r } }
        return try body()
    }
}
