import Foundation
import ScrawlEngine
import ScrawlRecognition

/// The measurements behind `scrawl bench`. Times are wall-clock, best or median of repeats.
enum Measure {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// GFLOP/s of `C = A * B` (`m x k` times `k x n`), best of three runs of about `seconds`.
    static func gemm(m: Int, n: Int, k: Int, seconds: Double) -> Double {
        var rng = SeededGenerator(seed: 1)
        let a = (0 ..< m * k).map { _ in rng.nextUnit() }, b = (0 ..< k * n).map { _ in rng.nextUnit() }
        var c = [Float](repeating: 0, count: m * n)
        func once() { ScrawlEngine.gemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0, c: &c, ldc: n) }
        once()
        let t0 = now(); once()
        let reps = max(1, Int(seconds / 3 / max(now() - t0, 1e-6)))
        var best = Double.infinity
        for _ in 0 ..< 3 {
            let t = now()
            for _ in 0 ..< reps { once() }
            best = min(best, (now() - t) / Double(reps))
        }
        return 2 * Double(m) * Double(n) * Double(k) / best / 1e9
    }

    struct ConvShape { var layer: String; var m: Int; var n: Int; var k: Int }

    /// The forward GEMM of every convolution in `specs` for a training batch.
    static func convShapes(_ specs: [LayerSpec], batch: Int) throws -> [ConvShape] {
        let model = try Sequential(inputShape: [28, 28, 1], specs: specs)
        var shape = model.inputShape
        var out: [ConvShape] = []
        for (i, layer) in model.layers.enumerated() {
            if let conv = layer as? Conv2D {
                out.append(ConvShape(layer: "conv\(i)", m: batch * conv.outputHeight * conv.outputWidth, n: conv.filters,
                                     k: conv.kernel * conv.kernel * shape[2]))
            }
            shape = layer.outputShape(for: shape)
        }
        return out
    }

    /// The peer CNN (seeded) and one training batch of random images and labels, drawn from `rng`.
    static func peerTraining(_ rng: inout SeededGenerator) throws -> (model: Sequential, x: Tensor, labels: [Int]) {
        let model = try Sequential(inputShape: [28, 28, 1], specs: Architectures.peerCNN, seed: 3)
        let x = Tensor(shape: [128, 28, 28, 1], data: (0 ..< 128 * 784).map { _ in rng.nextUnit() })
        let labels = (0 ..< 128).map { _ in Int(rng.next() % 10) }
        return (model, x, labels)
    }

    /// Milliseconds per training step spent in each stage of the peer CNN (a layer, or the first
    /// three layers run together image by image; forward, backward) and in the Adam update, median
    /// of several steps: where the time goes, and what does not scale with threads.
    static func layerTimes(steps: Int) throws -> (layers: [(layer: String, forward: Double, backward: Double)], update: Double) {
        var rng = SeededGenerator(seed: 2)
        let (model, x, labels) = try peerTraining(&rng)
        let adam = Adam()
        let runs = (0 ..< steps).map { _ in model.timedTrainStep(x, labels: labels, optimizer: adam, clock: now) }
        let layers = runs[0].stages.indices.map { i in
            (runs[0].stages[i].name, median(runs.map { $0.stages[i].forward }) * 1e3, median(runs.map { $0.stages[i].backward }) * 1e3)
        }
        return (layers, median(runs.map(\.update)) * 1e3)
    }

    /// Training throughput of the peer CNN, inference throughput and latency of it and of the shipped model.
    static func networks(quick: Bool) throws -> BenchCommand.Figures {
        var f = BenchCommand.Figures()
        var rng = SeededGenerator(seed: 2)
        let trainCount = quick ? 256 : 12_800
        let (peer, x, labels) = try peerTraining(&rng)
        let adam = Adam()
        func trainingRate() -> Double {
            _ = peer.trainStep(x, labels: labels, optimizer: adam)   // warm up
            let t = now()
            for _ in 0 ..< trainCount / 128 { _ = peer.trainStep(x, labels: labels, optimizer: adam) }
            return Double(trainCount) / (now() - t)
        }
        f.values["peer_train_images_per_s"] = trainingRate()
        if Parallel.threads > 1 {
            // The same on one thread, for the scaling figure.
            f.values["peer_train_images_per_s_one_thread"] = Parallel.withThreads(1) { trainingRate() }
        }
        var t = now()

        // Network against network: the shipped model's first (it may hold several; the
        // recognition path measures the whole model).
        let shipped = try Recognizer(modelPath: nil).ensemble.members[0]
        let inferCount = quick ? 1000 : 10_000
        let batch = Tensor(shape: [1000, 28, 28, 1], data: (0 ..< 1000 * 784).map { _ in rng.nextUnit() })
        let single = batch.batchSlice(0 ..< 1)
        for (name, model) in [("peer", peer.inferencePlan()), ("scrawl", shipped)] {
            _ = model.forward(batch)
            t = now()
            for _ in 0 ..< inferCount / 1000 { _ = model.forward(batch) }
            f.values["\(name)_infer_images_per_s"] = Double(inferCount) / (now() - t)
            for _ in 0 ..< 50 { _ = model.forward(single) }
            var samples: [Double] = []
            for _ in 0 ..< (quick ? 50 : 500) {
                t = now()
                _ = model.forward(single)
                samples.append((now() - t) * 1e6)
            }
            f.values["\(name)_latency_us"] = median(samples)
        }
        return f
    }

    /// Where a training epoch of the shipped network spends its time: how many examples of each kind
    /// one thread makes per second (an augmented MNIST digit, a pen sample drawn as strokes and as a
    /// saved picture, a non-digit, a number part), and how many images per second the network
    /// trains on with all threads (batch 128, Adam). Needs MNIST and the pendigits file.
    static func dataPipeline(mnist: DigitSet, pen: [PenDigits.Sample], count: Int) throws -> [(kind: String, perSecond: Double)] {
        var examples = HandwritingExamples(mnist: mnist, imageAugmenter: DigitAugmenter(), pen: pen, strokeRepeats: 1,
                                           nonDigitCount: count, numberPartCount: count, rejectLabel: 10)
        func rate(_ range: Range<Int>, rasterShare: Double) -> Double {
            examples.rasterShare = rasterShare
            let t = now()
            for i in 0 ..< count {
                var rng = SeededGenerator(seed: UInt64(i))
                _ = examples.input(range.lowerBound + i % range.count, rng: &rng)
            }
            return Double(count) / (now() - t)
        }
        let strokes = mnist.count ..< mnist.count + pen.count
        var out = [("MNIST digit, augmented", rate(0 ..< mnist.count, rasterShare: 0)),
                   ("pen sample as strokes", rate(strokes, rasterShare: 0)),
                   ("pen sample as saved picture", rate(strokes, rasterShare: 1)),
                   ("non-digit", rate(strokes.upperBound ..< strokes.upperBound + count, rasterShare: 0)),
                   ("number part (pair or slice)", rate(strokes.upperBound + count ..< examples.count, rasterShare: HandwritingExamples.defaultRasterShare))]
        let model = try Sequential(inputShape: [28, 28, 1], specs: Architectures.scrawlNet(outputs: 11), seed: 1)
        var rng = SeededGenerator(seed: 3)
        let x = Tensor(shape: [128, 28, 28, 1], data: (0 ..< 128 * 784).map { _ in rng.nextUnit() })
        let labels = (0 ..< 128).map { $0 % 11 }
        let adam = Adam()
        _ = model.trainStep(x, labels: labels, optimizer: adam)
        let steps = max(2, count / 128)
        let t = now()
        for _ in 0 ..< steps { _ = model.trainStep(x, labels: labels, optimizer: adam) }
        out.append(("shipped network training step, all threads", Double(steps * 128) / (now() - t)))
        return out
    }

    /// Median µs to recognize one 560x560 drawing from its strokes (rasterise, preprocess, infer):
    /// hand-drawn digits of the shipped check, and, for a model of several networks, the check's
    /// drawing its first network is least sure of, which every network reads (``Ensemble``; nil
    /// when the first is sure of them all, or the model is one network).
    static func recognitionPath(samples: Int) throws -> (sure: Double, doubtful: Double?) {
        let recognizer = try Recognizer(modelPath: nil)
        let check = try HandwritingCheck.shipped()
        func time(_ drawings: [Drawing]) -> Double {
            for d in drawings { _ = recognizer.recognize(d) }
            var times: [Double] = []
            for i in 0 ..< samples {
                let t = now()
                _ = recognizer.recognize(drawings[i % drawings.count])
                times.append((now() - t) * 1e6)
            }
            return median(times)
        }
        let sure = time(check.samples.prefix(10).map { HandwritingCheck.drawing(of: $0, size: 300, width: 22, x: 130, y: 130) })
        guard recognizer.networks.count > 1 else { return (sure, nil) }
        let first = recognizer.ensemble.members[0]
        let candidates = check.samples.flatMap { sample in
            [(300.0, 22.0), (100, 10), (500, 50)].map { HandwritingCheck.drawing(of: sample, size: $0.0, width: $0.1, x: 30, y: 30) }
        }
        let leastSure = candidates.map { drawing -> (Drawing, Float) in
            guard let input = Rasterizer.recognitionInput(drawing) else { return (drawing, 1) }
            return (drawing, first.predict(Tensor(shape: [1, 28, 28, 1], data: input.pixels)).data.max() ?? 1)
        }.min { $0.1 < $1.1 }
        guard let (drawing, largest) = leastSure, largest < Ensemble.sureEnough else { return (sure, nil) }
        return (sure, time([drawing]))
    }

    /// Median microseconds to read a 10-digit number (composed from the shipped hand-drawn
    /// digits, separated), from its strokes and from its picture.
    static func numberPath(samples: Int) throws -> (strokes: Double, picture: Double) {
        let reader = NumberReader(recognizer: try Recognizer(modelPath: nil))
        let digits = try HandwritingCheck.shipped().samples.map { s in
            PenDigits.Sample(label: s.digit, writer: s.style, strokes: s.strokes.map { $0.map { Point($0[0], $0[1]) } })
        }
        let numbers = (0 ..< 5).map { k in
            var rng = SeededGenerator(seed: NumberScore.evaluationSeed &+ UInt64(k))
            return ComposedNumber.compose(digits: 10, spacing: .separated, decimalPoint: false, from: digits, rng: &rng)
        }
        let drawings = numbers.map(\.drawing), pictures = numbers.map(\.picture)
        for k in 0 ..< numbers.count { _ = reader.read(drawings[k]); _ = reader.read(ink: pictures[k]) }
        var strokes: [Double] = [], picture: [Double] = []
        for i in 0 ..< samples {
            var t = now()
            _ = reader.read(drawings[i % numbers.count])
            strokes.append((now() - t) * 1e6)
            t = now()
            _ = reader.read(ink: pictures[i % numbers.count])
            picture.append((now() - t) * 1e6)
        }
        return (median(strokes), median(picture))
    }

    /// Peak RSS (MiB) of `scrawl recognize` on one drawn PNG.
    static func recognizeRSS() throws -> Double {
        let dir = NSTemporaryDirectory() + "scrawl-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let check = try HandwritingCheck.shipped()
        let png = dir + "/digit.png"
        try PNGCodec.save(Rasterizer.renderForDisplay(HandwritingCheck.drawing(of: check.samples[0], size: 300, width: 22, x: 130, y: 130)), to: png)
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var env = ProcessInfo.processInfo.environment
        env[PeakMemory.variable] = dir + "/peak"
        let child = try Subprocess(exe, ["recognize", png], environment: env)
        child.wait()
        let kib = Double((try? String(contentsOfFile: dir + "/peak", encoding: .utf8)).flatMap { Int($0) } ?? 0)
        return kib / 1024
    }

    /// Runs a peer script and parses its JSON line; nil (with a message) when it fails.
    static func peer(python: String, script: String, threads: Int, quick: Bool) -> [String: Any]? {
        var arguments = [script, "--threads", String(threads)]
        if quick && !script.hasSuffix("numpy_gemm.py") { arguments += ["--train-images", "256"] }
        Console.err("running \((script as NSString).lastPathComponent)…")
        guard let result = try? Subprocess.run(python, arguments), result.status == 0,
              let line = result.output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            Console.err("warning: \((script as NSString).lastPathComponent) did not run (is \(python) a venv with numpy, torch and tensorflow-cpu?)")
            return nil
        }
        return object
    }

    /// A peer's better figures of two runs (``BenchCommand/Figures/better(_:_:_:)`` figure by figure).
    static func bestOf(_ old: [String: Any]?, _ new: [String: Any]) -> [String: Any] {
        guard var best = old else { return new }
        for (key, value) in new {
            guard let n = number(value), let o = number(best[key]) else { continue }
            best[key] = BenchCommand.Figures.better(key, o, n)
        }
        return best
    }

    /// A figure from a peer's JSON, which writes whole numbers without a decimal point.
    static func number(_ value: Any?) -> Double? { (value as? Double) ?? (value as? Int).map(Double.init) }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }

    /// Wall time of teaching the shipped model `perDigit` examples of each digit (pendigits strokes
    /// drawn at pen 20 px, as a person would draw them on the canvas), replay included.
    static func teaching(pen: [PenDigits.Sample], perDigit: Int) throws -> Double {
        let base = try Recognizer(modelPath: nil)
        let replay = try ReplaySample.shipped()
        let examples = TeachingStudy.examples(TeachingStudy.split(pen, perDigit: perDigit).taught)
        let t = now()
        _ = try Teacher.teach(base: base.networks, labels: base.labels, examples: examples, replay: replay)
        return now() - t
    }
}
