import Foundation

/// Adam (Kingma & Ba), with bias-corrected first and second moment estimates, and optionally
/// decoupled weight decay (AdamW, Loshchilov & Hutter): each step, before the Adam update, the
/// parameters that decay (``Parameter/decays``: convolution and dense weights) shrink by
/// `learningRate × weightDecay`; batch norm and biases are left alone.
///
/// One step is one parallel pass over the elements of all parameters together (each thread a
/// fixed share of the total), not a pass per parameter: the peer CNN has 22 parameters, most of
/// them a few dozen BatchNorm values, and a parallel loop per parameter cost more than the update.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    /// Decoupled weight decay (0: plain Adam).
    public let weightDecay: Float
    private var moments: [ObjectIdentifier: Moments] = [:]
    private var t = 0

    /// The first and second moment estimates of one parameter.
    private final class Moments {
        let m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>
        init(count: Int) {
            m = .allocate(capacity: count); m.initialize(repeating: 0, count: count)
            v = .allocate(capacity: count); v.initialize(repeating: 0, count: count)
        }
        deinit { m.deallocate(); v.deallocate() }
    }

    /// One parameter's buffers for the duration of a step.
    private struct Span {
        let g: UnsafePointer<Float>, w: UnsafeMutablePointer<Float>
        let m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>
        let start: Int, count: Int
        /// What the weights are multiplied by before the update (1: not decayed).
        let shrink: Float
    }

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        t += 1
        let c1 = 1 - pow(beta1, Float(t)), c2 = 1 - pow(beta2, Float(t))
        let lr = learningRate * c2.squareRoot() / c1
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let states = parameters.map { p in
            if let state = moments[ObjectIdentifier(p)] { return state }
            let state = Moments(count: p.value.count)
            moments[ObjectIdentifier(p)] = state
            return state
        }
        let shrink = 1 - learningRate * weightDecay
        var spans: [Span] = []
        withSpans(parameters, states, shrink: shrink, from: 0, &spans) { spans in
            let total = spans.last.map { $0.start + $0.count } ?? 0
            Parallel.forChunks(total, granule: 64, cost: 16) { range in
                for s in spans where s.start < range.upperBound && s.start + s.count > range.lowerBound {
                    let (g, w, m, v, k) = (s.g, s.w, s.m, s.v, s.shrink)
                    let lo = max(range.lowerBound, s.start) - s.start, hi = min(range.upperBound, s.start + s.count) - s.start
                    var i = lo
                    // Eight at a time (the four buffers may alias as far as the compiler knows, so it
                    // would not vectorise the loop itself; square roots and divisions dominate).
                    while i + 8 <= hi {
                        let gi = SIMD8<Float>(loadingFrom: g + i)
                        let mi = b1 * SIMD8<Float>(loadingFrom: m + i) + (1 - b1) * gi
                        let vi = b2 * SIMD8<Float>(loadingFrom: v + i) + (1 - b2) * gi * gi
                        mi.store(to: m + i)
                        vi.store(to: v + i)
                        (k * SIMD8<Float>(loadingFrom: w + i) - lr * mi / (vi.squareRoot() + eps)).store(to: w + i)
                        i += 8
                    }
                    for i in i ..< hi {
                        m[i] = b1 * m[i] + (1 - b1) * g[i]
                        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                        w[i] = k * w[i] - lr * m[i] / (v[i].squareRoot() + eps)
                    }
                }
            }
        }
    }

    /// Calls `body` with the buffers of `parameters[i...]` appended to `spans`, each parameter's
    /// value and gradient held open for the call; those that decay are multiplied by `shrink`.
    private func withSpans(_ parameters: [Parameter], _ states: [Moments], shrink: Float, from i: Int, _ spans: inout [Span],
                           _ body: ([Span]) -> Void) {
        guard i < parameters.count else { body(spans); return }
        let p = parameters[i], start = spans.last.map { $0.start + $0.count } ?? 0
        precondition(p.gradient.count == p.value.count, "\(p.name): gradient and value differ in size")
        if p.value.isEmpty { return withSpans(parameters, states, shrink: shrink, from: i + 1, &spans, body) }
        p.gradient.withUnsafeBufferPointer { g in
            p.value.withUnsafeMutableBufferPointer { w in
                spans.append(Span(g: g.baseAddress!, w: w.baseAddress!, m: states[i].m, v: states[i].v, start: start, count: w.count,
                                  shrink: p.decays ? shrink : 1))
                withSpans(parameters, states, shrink: shrink, from: i + 1, &spans, body)
            }
        }
    }
}
