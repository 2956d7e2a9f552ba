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
        let threshold = UInt32(rate * Float(1 << 24))
        let seed = stepSeed
        return t.data.withUnsafeBufferPointer { src in
            let s = src.baseAddress!
            return Tensor(shape: t.shape) { out, range in
                // 32-bit integer arithmetic throughout, so the loop vectorises (eight lanes with AVX2).
                for i in range {
                    out[i] = Dropout.draw(seed, UInt32(truncatingIfNeeded: i)) >= threshold ? s[i] * keep : 0
                }
            }
        }
    }

    /// A uniform 24-bit value from (seed, index): murmur3's 32-bit finaliser applied twice, the
    /// low and then the high half of the seed mixed in.
    @inline(__always)
    static func draw(_ seed: UInt64, _ index: UInt32) -> UInt32 {
        let z = index &* 0x9E37_79B9 ^ UInt32(truncatingIfNeeded: seed)
        return mix(mix(z) ^ UInt32(truncatingIfNeeded: seed >> 32)) >> 8
    }

    @inline(__always)
    private static func mix(_ h: UInt32) -> UInt32 {
        var z = h
        z = (z ^ (z >> 16)) &* 0x85EB_CA6B
        z = (z ^ (z >> 13)) &* 0xC2B2_AE35
        return z ^ (z >> 16)
    }
}
