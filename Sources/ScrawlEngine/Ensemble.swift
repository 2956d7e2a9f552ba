/// Several networks that read the same input and answer the same classes, as one model: where
/// the first network is sure of an input it answers alone, elsewhere the mean of every network's
/// probabilities answers. One network is an ensemble of one.
///
/// Networks trained alike from different seeds err on different drawings, so their mean errs
/// less often than any of them (README, *Averaging networks*). They disagree where one is unsure:
/// what the first network reads with a probability of ``sureEnough`` or more, the mean almost
/// always reads the same, so only the few inputs below it cost the other networks' passes.
public struct Ensemble: Sendable {
    /// The members' inference plans, in the model file's order.
    public let members: [ExecutionPlan]

    /// Needs at least one plan; every plan must take the same input and answer as many classes.
    public init(_ members: [ExecutionPlan]) {
        precondition(!members.isEmpty, "an ensemble needs at least one network")
        precondition(members.allSatisfy { $0.inputShape == members[0].inputShape && $0.classCount == members[0].classCount },
                     "an ensemble's networks must take the same input and answer the same classes")
        self.members = members
    }

    /// The inference plans of `networks` (``Sequential/inferencePlan()``).
    public init(networks: [Sequential]) {
        self.init(networks.map { $0.inferencePlan() })
    }

    public var classCount: Int { members[0].classCount }
    public var inputShape: [Int] { members[0].inputShape }

    /// The first network's probability at or above which its answer stands without the others.
    /// On the shipped four networks, any value from 0.95 to 0.9999 gives the mean's every answer
    /// on MNIST, the hand-drawn check and the non-digits; at 0.99 about one input in twenty is
    /// doubtful there (README, *Averaging networks*).
    public static let sureEnough: Float = 0.99

    /// Class probabilities for a batch: the first network's for the items where its largest is at
    /// least ``sureEnough``, the mean of all the networks' (``mean(_:)``) for the rest.
    public func predict(_ x: Tensor) -> Tensor {
        var answer = members[0].predict(x)
        guard members.count > 1 else { return answer }
        let n = x.batch, classes = classCount, width = x.count / max(1, n)
        let doubtful = (0 ..< n).filter { i in
            (answer.data[i * classes ..< (i + 1) * classes].max() ?? 0) < Ensemble.sureEnough
        }
        if doubtful.isEmpty { return answer }
        // The doubtful items' inputs and first answers, gathered into a batch of their own.
        var rows = Tensor(uninitializedShape: [doubtful.count] + inputShape)
        var first = Tensor(uninitializedShape: [doubtful.count, classes])
        for (j, i) in doubtful.enumerated() {
            rows.data.replaceSubrange(j * width ..< (j + 1) * width, with: x.data[i * width ..< (i + 1) * width])
            first.data.replaceSubrange(j * classes ..< (j + 1) * classes, with: answer.data[i * classes ..< (i + 1) * classes])
        }
        let mean = average(first, rows)
        for (j, i) in doubtful.enumerated() {
            answer.data.replaceSubrange(i * classes ..< (i + 1) * classes, with: mean.data[j * classes ..< (j + 1) * classes])
        }
        return answer
    }

    /// Class probabilities for a batch: every network's softmax, averaged (what a teacher's
    /// answer to train towards is; ``predict(_:)`` is the model's answer).
    public func mean(_ x: Tensor) -> Tensor {
        average(members[0].predict(x), x)
    }

    /// `first` (the first network's probabilities for `x`) plus the other networks', averaged.
    /// A small batch runs the other networks side by side, each on one thread: one image's
    /// layers gain nothing from a second thread (`scrawl bench --threads 1`: a shipped network's
    /// latency is the same), so three networks take two networks' time instead of three.
    private func average(_ first: Tensor, _ x: Tensor) -> Tensor {
        let others = Array(members.dropFirst())
        var answers = [Tensor](repeating: first, count: others.count)
        if x.batch < 4 * ExecutionPlan.inferenceChunk {
            answers.withUnsafeMutableBufferPointer { out in
                Parallel.forEachUneven(others.count) { k in out[k] = others[k].predict(x) }
            }
        } else {
            for k in others.indices { answers[k] = others[k].predict(x) }
        }
        var sum = first
        for p in answers {
            for i in 0 ..< sum.count { sum.data[i] += p.data[i] }
        }
        if members.count > 1 {
            let scale = 1 / Float(members.count)
            for i in 0 ..< sum.count { sum.data[i] *= scale }
        }
        return sum
    }
}
