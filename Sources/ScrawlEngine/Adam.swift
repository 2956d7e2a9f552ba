import Foundation

/// Adam (Kingma & Ba), with bias-corrected first and second moment estimates.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    private var moments: [ObjectIdentifier: (m: [Float], v: [Float])] = [:]
    private var t = 0

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
    }

    public func step(_ parameters: [Parameter]) {
        t += 1
        let c1 = 1 - pow(beta1, Float(t)), c2 = 1 - pow(beta2, Float(t))
        let lr = learningRate * c2.squareRoot() / c1
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for p in parameters {
            let id = ObjectIdentifier(p)
            var (m, v) = moments[id] ?? ([Float](repeating: 0, count: p.value.count), [Float](repeating: 0, count: p.value.count))
            moments[id] = nil
            p.gradient.withUnsafeBufferPointer { grad in
                p.value.withUnsafeMutableBufferPointer { value in
                    m.withUnsafeMutableBufferPointer { mb in
                        v.withUnsafeMutableBufferPointer { vb in
                            let (g, w, m, v) = (grad.baseAddress!, value.baseAddress!, mb.baseAddress!, vb.baseAddress!)
                            Parallel.forChunks(grad.count, granule: 1024, cost: 16) { range in
                                for i in range {
                                    m[i] = b1 * m[i] + (1 - b1) * g[i]
                                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                                    w[i] -= lr * m[i] / (v[i].squareRoot() + eps)
                                }
                            }
                        }
                    }
                }
            }
            moments[id] = (m, v)
        }
    }
}
