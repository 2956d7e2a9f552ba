/// Inverted dropout: in training each value is zeroed with probability `rate` and the survivors
/// are scaled by `1 / (1 - rate)`; in inference it passes values through.
///
/// Whether element `i` survives is a hash of `i` and a per-step seed drawn from the layer's
/// generator, so the mask needs no storage (backward recomputes it), chunks of the tensor can be
/// done in parallel, and the result does not depend on the thread count.
public final class Dropout: Layer {
    public let rate: Float
    private var rng: SeededGenerator
    private var stepSeed: UInt64 = 0

    init(rate: Float, seed: UInt64) {
        self.rate = rate
        rng = SeededGenerator(seed: seed)
    }

    public var spec: LayerSpec { .dropout(rate: rate) }
    public func outputShape(for input: [Int]) -> [Int] { input }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return x }
        stepSeed = rng.next()
        return masked(x)
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard rate > 0 else { return dy }
        return masked(dy)
    }

    /// `t` times this step's mask (0 or `1 / (1 - rate)` per element).
    private func masked(_ t: Tensor) -> Tensor {
        let keep = 1 / (1 - rate)
        // Survives when a uniform 24-bit draw is at least rate * 2^24 (the same test as `nextUnit() < rate`).
        let threshold = UInt64(rate * Float(1 << 24))
        let seed = stepSeed
        return t.data.withUnsafeBufferPointer { src in
            let s = src.baseAddress!
            return Tensor(shape: t.shape, cost: 4) { out, range in
                for i in range {
                    out[i] = Dropout.draw(seed, i) >= threshold ? s[i] * keep : 0
                }
            }
        }
    }

    /// A uniform 24-bit value from (seed, index): one splitmix64 step.
    @inline(__always)
    static func draw(_ seed: UInt64, _ index: Int) -> UInt64 {
        var z = seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) >> 40
    }
}
