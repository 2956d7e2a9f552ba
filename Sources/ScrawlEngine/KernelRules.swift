/// Which kernel runs a convolution: every rule, in one place, for ``ExecutionPlanner`` (and for
/// a layer run on its own, which takes the same choice).
///
/// Each rule first asks whether the kernel can run the layer's geometry, then whether it pays;
/// the line above each threshold says what was measured to set it.
enum KernelRules {
    /// How a convolution's forward pass runs.
    enum Forward: String, Sendable {
        /// One output pixel whose window holds the whole image: the image times the weight rows
        /// that meet it (``Conv2D/forwardWholeImage(_:epilogue:keepInput:)``).
        case wholeImage = "whole-image-as-dense"
        /// Winograd F(2x2, 3x3) (``Conv2D/forwardWinograd(images:input:panels:output:)``).
        case winograd = "Winograd F(2x2,3x3)"
        /// Patch rows read straight from the image (``Conv2D/forwardInPlace(images:input:panels:output:)``).
        case inPlace = "in-place"
        /// The patch matrix unfolded per cache-sized group of images, then a GEMM.
        case patchMatrix = "patch-matrix"
    }

    /// How a convolution's weight gradient is taken.
    enum WeightGradient: String, Sendable {
        /// `x^T * dy` over the image, spread back to the weight rows it came from.
        case wholeImage = "whole-image-as-dense"
        /// A handful of window values per pixel times its gradient row, accumulators in registers
        /// (``Conv2D/addSmallWindowGradient(images:input:dy:into:first:bias:)``).
        case smallWindow = "small-window"
        /// Patch columns read straight from the image (``Conv2D/addImageGradient(images:input:dy:into:first:)``).
        case inPlace = "in-place"
        /// The patch matrix unfolded per group, then a GEMM.
        case patchMatrix = "patch-matrix"
    }

    /// The forward kernel for `conv`, in training or in inference.
    static func forward(_ conv: Conv2D, training: Bool) -> Forward {
        if coversWholeImage(conv) { return .wholeImage }
        // Winograd in training only from 8 output rows: on the peer CNN's 4x4 and 2x2 layers its
        // transforms cost more than the multiplications they save (1.5-3x slower than in-place).
        if fitsWinograd(conv) && (!training || conv.outputHeight >= 8) { return .winograd }
        if fitsInPlace(conv) { return .inPlace }
        return .patchMatrix
    }

    /// The weight-gradient kernel for `conv`.
    static func weightGradient(_ conv: Conv2D) -> WeightGradient {
        if coversWholeImage(conv) { return .wholeImage }
        // Nine values (3x3 of one channel) unfolded cost more than the multiply: the peer CNN's
        // first layer took longer backward than the 32-channel layer after it.
        if windowsInsideImage(conv) && conv.geometry.patchSize <= 16 && conv.filters % 8 == 0 { return .smallWindow }
        // In place from 64 output pixels an image: below that, each micro-kernel run is too short
        // to pay for its tile update.
        if windowsInsideImage(conv) && (conv.kernel * conv.geometry.channels) % GemmMicroKernel.mr == 0
            && conv.outputHeight * conv.outputWidth >= 64 { return .inPlace }
        return .patchMatrix
    }

    /// Whether a first convolution, its ReLU and a max-pool can run as one stage, image by image:
    /// the convolution's output goes from a per-thread buffer into the pool and its gradient comes
    /// back the same way, so the network's largest activation (11 MB a batch on the peer CNN) is
    /// never stored. Needs in-place forward and small-window gradient, and no input gradient.
    static func runsImageByImage(_ conv: Conv2D) -> Bool {
        forward(conv, training: true) == .inPlace && weightGradient(conv) == .smallWindow
    }

    /// One output pixel whose window holds the whole (padded) image: 84% of the peer CNN's last
    /// layer's patch matrix is padding, so it runs as the dense layer it is.
    static func coversWholeImage(_ conv: Conv2D) -> Bool {
        let g = conv.geometry
        return conv.outputHeight == 1 && conv.outputWidth == 1 && g.padTop + g.height <= conv.kernel
            && g.padLeft + g.width <= conv.kernel
    }

    /// Winograd's geometry: 3x3, stride 1, unpadded, channels and filters in multiples of eight
    /// (the transforms run eight channels at a time), at least one 2x2 output tile.
    static func fitsWinograd(_ conv: Conv2D) -> Bool {
        let g = conv.geometry
        return conv.kernel == 3 && conv.stride == 1 && g.padTop == 0 && g.padLeft == 0 && g.channels % 8 == 0
            && conv.filters % 8 == 0 && conv.outputHeight >= 2 && conv.outputWidth >= 2
    }

    /// In-place forward needs a full micro-kernel strip of output pixels in a row (six).
    static func fitsInPlace(_ conv: Conv2D) -> Bool { conv.outputWidth >= GemmMicroKernel.mr }

    /// No padding and every window inside the image: gradients can read the image as it is.
    static func windowsInsideImage(_ conv: Conv2D) -> Bool {
        let g = conv.geometry
        return g.padTop == 0 && g.padLeft == 0 && (conv.outputHeight - 1) * conv.stride + conv.kernel <= g.height
            && (conv.outputWidth - 1) * conv.stride + conv.kernel <= g.width
    }
}
