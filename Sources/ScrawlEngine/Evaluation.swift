/// Accuracy and confusion matrix of a model on a labelled set.
public struct Evaluation: Sendable {
    /// `confusion[truth][predicted]` counts.
    public var confusion: [[Int]]
    /// The items read wrongly, in set order: their index and the class the model answered.
    public var misses: [(index: Int, answer: Int)] = []
    public var correct: Int { (0 ..< confusion.count).reduce(0) { $0 + confusion[$1][$1] } }
    public var total: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Runs `model` (a model's ``Sequential/inferencePlan()``) over `set` in batches.
    public init(model: ExecutionPlan, set: DigitSet, batchSize: Int = 1000) {
        self.init(model: Ensemble([model]), set: set, batchSize: batchSize)
    }

    /// Runs `model` over `set` in batches; its answer is the class of highest mean probability.
    public init(model: Ensemble, set: DigitSet, batchSize: Int = 1000) {
        let classes = model.classCount
        confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        var start = 0
        while start < set.count {
            let ids = start ..< min(set.count, start + batchSize)
            let predicted = model.predict(set.batch(ids)).argmaxPerItem()
            for (i, p) in zip(ids, predicted) {
                confusion[set.labels[i]][p] += 1
                if p != set.labels[i] { misses.append((i, p)) }
            }
            start += batchSize
        }
    }
}
