/// The running mean of a model's stored tensors (weights and batch-norm statistics) over the steps
/// it has seen: averaging the weights the last epochs of training pass through lands nearer the
/// middle of the region they wander in than any one of them does (Polyak averaging; stochastic
/// weight averaging, Izmailov et al. 2018).
final class WeightAverage {
    private let tensors: [Parameter]
    private var sums: [[Double]]
    private(set) var steps = 0

    init(of model: Sequential) {
        tensors = model.storedTensors
        sums = tensors.map { [Double](repeating: 0, count: $0.value.count) }
    }

    /// Adds the model's tensors as they are now.
    func add() {
        for (t, tensor) in tensors.enumerated() {
            tensor.value.withUnsafeBufferPointer { v in
                sums[t].withUnsafeMutableBufferPointer { s in
                    for i in 0 ..< v.count { s[i] += Double(v[i]) }
                }
            }
        }
        steps += 1
    }

    /// Writes the mean into the model's tensors (nothing, if no step was added).
    func apply() {
        guard steps > 0 else { return }
        for (t, tensor) in tensors.enumerated() {
            tensor.value = sums[t].map { Float($0 / Double(steps)) }
        }
    }
}
