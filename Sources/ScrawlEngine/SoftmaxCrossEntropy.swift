import Foundation

/// Softmax over each item's logits, and the mean cross-entropy loss against integer labels or
/// against target distributions.
public enum SoftmaxCrossEntropy {
    /// Probabilities for each row of a `batch x classes` logits tensor (numerically stable).
    public static func softmax(_ logits: Tensor) -> Tensor {
        let k = logits.itemCount
        var p = logits
        for b in 0 ..< logits.batch {
            let row = b * k
            var top = -Float.infinity
            for j in 0 ..< k { top = max(top, logits.data[row + j]) }
            var sum: Float = 0
            for j in 0 ..< k { let e = exp(logits.data[row + j] - top); p.data[row + j] = e; sum += e }
            for j in 0 ..< k { p.data[row + j] /= sum }
        }
        return p
    }

    /// Mean loss over the batch and d(loss)/d(logits).
    public static func lossAndGradient(logits: Tensor, labels: [Int]) -> (loss: Float, gradient: Tensor) {
        precondition(labels.count == logits.batch, "one label per item")
        let k = logits.itemCount
        var g = softmax(logits)
        var loss: Float = 0
        let scale = 1 / Float(logits.batch)
        for b in 0 ..< logits.batch {
            loss -= log(max(g.data[b * k + labels[b]], 1e-12))
            g.data[b * k + labels[b]] -= 1
            for j in 0 ..< k { g.data[b * k + j] *= scale }
        }
        return (loss * scale, g)
    }

    /// Mean loss over the batch against `targets` (the logits' shape, each item's row a
    /// distribution over the classes) and d(loss)/d(logits): each item's probabilities minus its
    /// target. With one-hot targets it is ``lossAndGradient(logits:labels:)``.
    public static func lossAndGradient(logits: Tensor, targets: Tensor) -> (loss: Float, gradient: Tensor) {
        precondition(targets.shape == logits.shape, "one target distribution per item")
        var g = softmax(logits)
        var loss: Float = 0
        let scale = 1 / Float(logits.batch)
        for i in 0 ..< g.count {
            loss -= targets.data[i] * log(max(g.data[i], 1e-12))
            g.data[i] = (g.data[i] - targets.data[i]) * scale
        }
        return (loss * scale, g)
    }
}
