/// Padding of a convolution: `valid` uses only whole windows; `same` pads so that the output is
/// `ceil(input / stride)` (TensorFlow's convention: any odd extra row or column goes at the end).
public enum Padding: String, Codable, Sendable {
    case valid, same
}

/// The description of one layer: what a model file stores to rebuild the architecture.
public enum LayerSpec: Codable, Equatable, Sendable {
    case conv2d(filters: Int, kernel: Int, stride: Int, padding: Padding, bias: Bool)
    case maxPool2d(size: Int, stride: Int)
    case dense(units: Int)
    case relu
    case batchNorm(momentum: Float, epsilon: Float)
    case dropout(rate: Float)
    case flatten

    /// Builds the layer for inputs of item shape `input`, initialising weights from `rng`.
    public func makeLayer(input: [Int], index: Int, rng: inout SeededGenerator) throws -> Layer {
        switch self {
        case let .conv2d(filters, kernel, stride, padding, bias):
            guard input.count == 3 else { throw ModelError.shapeMismatch("conv2d needs an HxWxC input, got \(input)") }
            guard filters > 0, kernel > 0, stride > 0 else { throw ModelError.shapeMismatch("conv2d with non-positive size") }
            let layer = Conv2D(inputShape: input, filters: filters, kernel: kernel, stride: stride, padding: padding,
                               bias: bias, name: "layer\(index)", rng: &rng)
            guard layer.outputHeight > 0, layer.outputWidth > 0 else {
                throw ModelError.shapeMismatch("conv2d \(kernel)x\(kernel) does not fit input \(input)")
            }
            return layer
        case let .maxPool2d(size, stride):
            guard input.count == 3, size > 0, stride > 0, input[0] >= size, input[1] >= size else {
                throw ModelError.shapeMismatch("maxpool \(size) does not fit input \(input)")
            }
            return MaxPool2D(size: size, stride: stride)
        case let .dense(units):
            guard units > 0 else { throw ModelError.shapeMismatch("dense with \(units) units") }
            return Dense(inputs: input.reduce(1, *), units: units, name: "layer\(index)", rng: &rng)
        case .relu:
            return ReLU()
        case let .batchNorm(momentum, epsilon):
            guard let channels = input.last, channels > 0 else { throw ModelError.shapeMismatch("batchnorm on \(input)") }
            return BatchNorm(channels: channels, momentum: momentum, epsilon: epsilon, name: "layer\(index)")
        case let .dropout(rate):
            guard rate >= 0, rate < 1 else { throw ModelError.shapeMismatch("dropout rate \(rate) outside [0, 1)") }
            return Dropout(rate: rate, seed: rng.next())
        case .flatten:
            return Flatten()
        }
    }

    /// A short human-readable form, e.g. `conv32-5/2 same`.
    public var summary: String {
        switch self {
        case let .conv2d(f, k, s, p, _): return "conv\(f)-\(k)" + (s > 1 ? "/\(s)" : "") + (p == .same ? " same" : "")
        case let .maxPool2d(size, stride): return "pool\(size)" + (stride != size ? "/\(stride)" : "")
        case let .dense(units): return "dense\(units)"
        case .relu: return "relu"
        case .batchNorm: return "BN"
        case let .dropout(rate): return "drop\(rate)"
        case .flatten: return "flatten"
        }
    }
}
