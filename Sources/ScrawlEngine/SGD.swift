/// Stochastic gradient descent with (classical) momentum and optional L2 weight decay.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float, weightDecay: Float
    private var velocity: [ObjectIdentifier: [Float]] = [:]

    public init(learningRate: Float = 0.01, momentum: Float = 0.9, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        for p in parameters {
            let id = ObjectIdentifier(p)
            var v = velocity[id] ?? [Float](repeating: 0, count: p.value.count)
            velocity[id] = nil
            for i in 0 ..< p.value.count {
                let g = p.gradient[i] + weightDecay * p.value[i]
                v[i] = momentum * v[i] - learningRate * g
                p.value[i] += v[i]
            }
            velocity[id] = v
        }
    }
}
