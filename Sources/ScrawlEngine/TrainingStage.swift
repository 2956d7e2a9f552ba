/// One stage of a training pass (``Sequential/trainingStages``): a layer, or a first convolution,
/// its ReLU and a max-pool run together image by image.
///
/// Together, each image's convolution output goes from a per-thread buffer into the pool while
/// in cache, and in backward the pool's input gradient for each image goes straight into the
/// convolution's weight gradient: the largest activation of the network (11 MB a batch for the
/// peer CNN) and its gradient are never stored. The ReLU does nothing of its own: the
/// convolution's epilogue rectifies, and the pool zeroes the gradient of zero outputs.
enum TrainingStage {
    case layer(Layer)
    case imageByImage(Conv2D, ReLU, MaxPool2D)

    /// The model layers the stage covers.
    var layers: [Layer] {
        switch self {
        case .layer(let layer): return [layer]
        case .imageByImage(let conv, let relu, let pool): return [conv, relu, pool]
        }
    }

    func forward(_ x: Tensor) -> Tensor {
        switch self {
        case .layer(let layer):
            return layer.forward(x, training: true)
        case .imageByImage(let conv, _, let pool):
            return pool.forwardTraining(inputShape: [x.batch, conv.outputHeight, conv.outputWidth, conv.filters]) { body in
                conv.forwardTraining(x, eachImage: body)
            }
        }
    }

    func backward(_ dy: Tensor) -> Tensor {
        guard case .layer(let layer) = self else { preconditionFailure("the image-by-image stage is always first") }
        return layer.backward(dy)
    }

    /// Parameter gradients only (the first stage: nobody needs its input gradient).
    func backwardParametersOnly(_ dy: Tensor) {
        switch self {
        case .layer(let layer):
            layer.backwardParametersOnly(dy)
        case .imageByImage(let conv, _, let pool):
            dy.data.withUnsafeBufferPointer { g in
                conv.backwardParametersOnly { images, into in pool.backward(images: images, dy: g.baseAddress!, into: into) }
            }
        }
    }
}
