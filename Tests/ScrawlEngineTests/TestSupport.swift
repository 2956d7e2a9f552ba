import XCTest
@testable import ScrawlEngine

/// Random tensors and numerical-gradient helpers shared by the engine tests.
enum TestSupport {
    static func random(_ shape: [Int], _ rng: inout SeededGenerator, range: ClosedRange<Float> = -1 ... 1) -> Tensor {
        Tensor(shape: shape, data: (0 ..< shape.reduce(1, *)).map { _ in Float.random(in: range, using: &rng) })
    }

    /// Asserts `actual[i] == expected[i]` for every `i` of `expected`, within `tolerance` times
    /// `max(1, |expected[i]|)`; failures name `label` and the index.
    static func assertClose(_ actual: [Float], _ expected: [Float], relative tolerance: Float, _ label: String = "at",
                            file: StaticString = #filePath, line: UInt = #line) {
        for i in expected.indices {
            XCTAssertEqual(actual[i], expected[i], accuracy: tolerance * max(1, abs(expected[i])), "\(label) \(i)", file: file, line: line)
        }
    }

    /// Checks a layer's backward pass against central differences of `L = sum(y * r)` for a fixed
    /// random `r`, for the input and every parameter. Loss sums are accumulated in Double.
    static func checkGradients(of layer: Layer, input: Tensor, seed: UInt64 = 3, eps: Float = 1e-2,
                               tolerance: Float = 2e-2, file: StaticString = #filePath, line: UInt = #line) {
        var rng = SeededGenerator(seed: seed)
        let y0 = layer.forward(input, training: true)
        let r = random(y0.shape, &rng)
        let dx = layer.backward(r)
        let analyticParams = layer.parameters.map(\.gradient)
        func loss(_ x: Tensor) -> Double {
            let y = layer.forward(x, training: true)
            return zip(y.data, r.data).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var x = input
        for i in stride(from: 0, to: x.count, by: max(1, x.count / 40)) {
            let saved = x.data[i]
            x.data[i] = saved + eps; let plus = loss(x)
            x.data[i] = saved - eps; let minus = loss(x)
            x.data[i] = saved
            let numeric = Float((plus - minus) / Double(2 * eps))
            XCTAssertEqual(dx.data[i], numeric, accuracy: tolerance * max(1, abs(numeric)),
                           "d/dx[\(i)] of \(layer.spec.summary)", file: file, line: line)
        }
        for (p, analytic) in zip(layer.parameters, analyticParams) {
            for i in stride(from: 0, to: p.value.count, by: max(1, p.value.count / 30)) {
                let saved = p.value[i]
                p.value[i] = saved + eps; let plus = loss(input)
                p.value[i] = saved - eps; let minus = loss(input)
                p.value[i] = saved
                let numeric = Float((plus - minus) / Double(2 * eps))
                XCTAssertEqual(analytic[i], numeric, accuracy: tolerance * max(1, abs(numeric)),
                               "d/d\(p.name)[\(i)]", file: file, line: line)
            }
        }
    }

    static func layer(_ spec: LayerSpec, input: [Int], seed: UInt64 = 5) throws -> Layer {
        var rng = SeededGenerator(seed: seed)
        return try spec.makeLayer(input: input, index: 0, rng: &rng)
    }
}
