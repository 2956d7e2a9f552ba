import ScrawlEngine

/// The networks `scrawl train` builds by name: the shipped network and the peer benchmark's CNN.
public enum Architectures {
    /// The CNN from the peer benchmarks (`../shared/peers/`), layer for layer: conv32-3, pool,
    /// conv32-3, BN, conv32-5/2, BN, drop, conv64-3, BN, conv64-3, BN, conv64-5/2, BN, drop, dense10,
    /// with each convolution followed by ReLU and BatchNorm after the ReLU, as Keras writes it.
    public static let peerCNN: [LayerSpec] = {
        let bn = LayerSpec.batchNorm(momentum: 0.99, epsilon: 1e-3)
        func conv(_ f: Int, _ k: Int, _ s: Int = 1, _ p: Padding = .valid) -> LayerSpec {
            .conv2d(filters: f, kernel: k, stride: s, padding: p, bias: true)
        }
        return [conv(32, 3), .relu, .maxPool2d(size: 2, stride: 2),
                conv(32, 3), .relu, bn,
                conv(32, 5, 2, .same), .relu, bn, .dropout(rate: 0.4),
                conv(64, 3), .relu, bn,
                conv(64, 3), .relu, bn,
                conv(64, 5, 2, .same), .relu, bn, .dropout(rate: 0.4),
                .flatten, .dropout(rate: 0.4), .dense(units: 10)]
    }()

    /// Scrawl's shipped network: the same family, wider at the top, BatchNorm before each ReLU so
    /// inference folds it into the convolution.
    public static let scrawlNet = scrawlNet(outputs: 10)

    /// ``scrawlNet`` with `outputs` classes (11: the digits and "not a digit").
    public static func scrawlNet(outputs: Int) -> [LayerSpec] {
        let bn = LayerSpec.batchNorm(momentum: 0.99, epsilon: 1e-3)
        func block(_ f: Int, _ k: Int, _ s: Int = 1, _ p: Padding = .valid) -> [LayerSpec] {
            [.conv2d(filters: f, kernel: k, stride: s, padding: p, bias: false), bn, .relu]
        }
        return block(32, 3) + block(32, 3) + block(32, 5, 2, .same) + [.dropout(rate: 0.4)]
            + block(64, 3) + block(64, 3) + block(64, 5, 2, .same) + [.dropout(rate: 0.4)]
            + [.flatten, .dense(units: 128), bn, .relu, .dropout(rate: 0.4), .dense(units: outputs)]
    }

    /// Looks an architecture up by the name the command line uses.
    public static func named(_ name: String) -> [LayerSpec]? {
        switch name {
        case "scrawl": return scrawlNet
        case "peer": return peerCNN
        default: return nil
        }
    }
}
