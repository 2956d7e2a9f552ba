/// Several networks that read the same input and answer the same classes, as one model: its
/// answer is the mean of their probabilities. One network is an ensemble of one.
///
/// Networks trained alike from different seeds err on different drawings, so their mean errs
/// less often than any of them (README, *Averaging networks*); each costs its own forward pass.
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

    /// Class probabilities for a batch: each member's softmax, averaged.
    public func predict(_ x: Tensor) -> Tensor {
        var sum = members[0].predict(x)
        for member in members.dropFirst() {
            let p = member.predict(x)
            for i in 0 ..< sum.count { sum.data[i] += p.data[i] }
        }
        if members.count > 1 {
            let scale = 1 / Float(members.count)
            for i in 0 ..< sum.count { sum.data[i] *= scale }
        }
        return sum
    }
}
