extension Sequential {
    /// A copy of the network whose outputs are chosen anew: output `j` of the copy is output
    /// `sources[j]` of this one (the same weights into it, the same bias), or a new output when
    /// `sources[j]` is nil, with the weights `fresh(j)` gives (one per input of the last layer;
    /// bias 0). Every other layer is copied as it is. This network is not changed.
    ///
    /// How a personal model gains labels its base never had ("A", "+") or drops the ones it
    /// should no longer answer. Throws when the network does not end in a dense layer or a source
    /// is not one of its outputs.
    public func withOutputs(from sources: [Int?], fresh: (Int) -> [Float]) throws -> Sequential {
        guard let last = layers.last as? Dense else { throw ModelError.shapeMismatch("the model does not end in a dense layer") }
        guard !sources.isEmpty else { throw ModelError.shapeMismatch("a model needs at least one output") }
        if let bad = sources.compactMap({ $0 }).first(where: { !(0 ..< last.units).contains($0) }) {
            throw ModelError.shapeMismatch("output \(bad) is not one of the model's \(last.units)")
        }
        var specs = self.specs
        specs[specs.count - 1] = .dense(units: sources.count)
        let copy = try Sequential(inputShape: inputShape, specs: specs, metadata: metadata)
        for (from, to) in zip(layers.dropLast(), copy.layers.dropLast()) {
            for (a, b) in zip(from.parameters + from.buffers, to.parameters + to.buffers) { b.value = a.value }
        }
        let target = copy.layers.last as! Dense
        let (inputs, units, old) = (last.inputs, sources.count, last.units)
        var weight = [Float](repeating: 0, count: inputs * units), bias = [Float](repeating: 0, count: units)
        for (j, source) in sources.enumerated() {
            let column = source.map { s in (0 ..< inputs).map { last.weight.value[$0 * old + s] } } ?? fresh(j)
            precondition(column.count == inputs, "fresh weights for output \(j): \(column.count), not \(inputs)")
            for i in 0 ..< inputs { weight[i * units + j] = column[i] }
            bias[j] = source.map { last.bias.value[$0] } ?? 0
        }
        target.weight.value = weight
        target.bias.value = bias
        return copy
    }

    /// The inputs of the last layer for a batch, in inference: what each output weighs (a
    /// drawing's features, for choosing a new output's first weights).
    public func features(_ x: Tensor) -> Tensor {
        var y = x
        for layer in layers.dropLast() { y = layer.forward(y, training: false) }
        return y
    }
}
