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
            let (mu, lr, decay) = (momentum, learningRate, weightDecay)
            p.gradient.withUnsafeBufferPointer { grad in
                p.value.withUnsafeMutableBufferPointer { value in
                    v.withUnsafeMutableBufferPointer { vb in
                        let (g, w, v) = (grad.baseAddress!, value.baseAddress!, vb.baseAddress!)
                        for i in 0 ..< grad.count {
                            v[i] = mu * v[i] - lr * (g[i] + decay * w[i])
                            w[i] += v[i]
                        }
                    }
                }
            }
            velocity[id] = v
        }
    }
}
