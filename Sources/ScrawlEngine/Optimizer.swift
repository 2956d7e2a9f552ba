/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// Learning rate used by the next ``step(_:)``; schedules change it between steps.
    var learningRate: Float { get set }
    func step(_ parameters: [Parameter])
}
