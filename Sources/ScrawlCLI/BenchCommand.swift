import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl bench`: what Scrawl's engine does per second on this machine, optionally side by side
/// with the peer frameworks running the very same CNN.
enum BenchCommand {
    static let help = """
    USAGE: scrawl bench [--threads N] [--peers VENV] [--quick]

    Measures, with the given number of threads (default: all cores):
      - GEMM GFLOP/s, square float32 sizes 256, 512, 1024 and the shapes the conv layers of the
        shipped model and of the peer CNN produce in training (batch 128);
      - the peer CNN (../shared/peers/, the same layers; batch 128, Adam): training images/s, and
    with more than one thread also on one thread (the scaling figure);
      - inference images/s (10,000 images in batches of 1,000) and median single-image latency, for the
        peer CNN and the shipped model;
      - the whole recognition path for one 560x560 drawing (rasterise, preprocess, infer; for a
        model of several networks also a drawing its first network is unsure of, read by all), and
        reading a 10-digit number from its strokes and from its picture (segment, then the same);
      - the peak memory (RSS) of `scrawl recognize` on one PNG.
    Prints one JSON object per line, then a table. With --peers VENV (a virtualenv holding numpy,
    torch and tensorflow-cpu), runs the network peers in ../shared/peers/ twice each between
    Scrawl's own runs, alternating, keeps each side's best figures, and prints the ratio Scrawl/peer
    for each figure.

    OPTIONS:
      --threads N    kernel threads (default: all cores)
      --peers VENV   run the peer benchmarks with VENV/bin/python
      --peers-dir D  where the peer scripts are (default: ../shared/peers)
      --only SECTION gemm, networks, path, memory, layers (time per layer of the
                     peer CNN in training) or data (training examples made per second
                     by kind, against the shipped network's training rate) or teach
                     (seconds to teach a personal model 50 and 100 examples); the last
                     three only run when asked for
      --mnist DIR, --pendigits FILE  data for --only data and teach (defaults as in 'scrawl train')
      --quick        smaller runs (a smoke test, not a measurement)
      -h, --help     show this help
    """

    struct Figures {
        var values: [String: Double] = [:]

        /// Keeps, figure by figure, the better of two rounds.
        mutating func keepBest(_ other: Figures) {
            for (key, value) in other.values {
                values[key] = values[key].map { Figures.better(key, $0, value) } ?? value
            }
        }

        /// The better of two values of one figure: the lower latency, else the higher rate.
        static func better(_ key: String, _ a: Double, _ b: Double) -> Double {
            key.contains("latency") ? min(a, b) : max(a, b)
        }
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["threads", "peers", "peers-dir", "only", "mnist", "pendigits"], boolean: ["quick"])
        let sections = ["gemm", "networks", "path", "memory", "layers", "data", "teach"]
        let only = args.string("only")
        if let only, !sections.contains(only) {
            throw ArgumentList.UsageError(description: "--only takes one of \(sections.joined(separator: ", "))")
        }
        // "layers", "data" and "teach" (for profiling) run only when asked for.
        func wanted(_ section: String) -> Bool { only == nil ? !["layers", "data", "teach"].contains(section) : only == section }
        return try Parallel.withThreads(try args.int("threads", default: Parallel.threads, range: 1 ... 256)) {
            try bench(args, only: only, wanted: wanted)
        }
    }

    /// The command, run with its thread count in force.
    private static func bench(_ args: ArgumentList, only: String?, wanted: (String) -> Bool) throws -> Int32 {
        let quick = args.flag("quick")
        let threads = Parallel.threads
        var rows: [(figure: String, unit: String, value: Double)] = []
        func emit(_ object: [String: Any]) {
            var o = object
            o["threads"] = threads
            Console.out(JSONLine.make(o))
        }

        // GEMM
        var gemmFigures: [String: Double] = [:]
        for n in !wanted("gemm") ? [] : quick ? [256] : [256, 512, 1024] {
            let g = Measure.gemm(m: n, n: n, k: n, seconds: quick ? 0.1 : 0.6)
            gemmFigures[String(n)] = g
            emit(["bench": "gemm", "shape": "\(n)x\(n)x\(n)", "gflops": JSONLine.round(g, decimals: 1)])
            rows.append(("GEMM \(n)", "GFLOP/s", g))
        }
        for (name, specs) in wanted("gemm") ? [("scrawl", Architectures.scrawlNet), ("peer", Architectures.peerCNN)] : [] {
            for shape in try Measure.convShapes(specs, batch: 128) {
                let g = Measure.gemm(m: shape.m, n: shape.n, k: shape.k, seconds: quick ? 0.05 : 0.3)
                emit(["bench": "gemm", "model": name, "layer": shape.layer, "shape": "\(shape.m)x\(shape.n)x\(shape.k)", "gflops": JSONLine.round(g, decimals: 1)])
                rows.append(("GEMM \(name) \(shape.layer) \(shape.m)x\(shape.n)x\(shape.k)", "GFLOP/s", g))
                if quick { break }
            }
        }

        if wanted("layers") {
            let times = try Measure.layerTimes(steps: quick ? 2 : 20)
            for t in times.layers {
                emit(["bench": "layer", "layer": t.layer, "forward_ms": JSONLine.round(t.forward, decimals: 3), "backward_ms": JSONLine.round(t.backward, decimals: 3)])
                rows.append(("peer CNN \(t.layer), forward", "ms", t.forward))
                rows.append(("peer CNN \(t.layer), backward", "ms", t.backward))
            }
            emit(["bench": "layer", "layer": "Adam update", "ms": JSONLine.round(times.update, decimals: 3)])
            rows.append(("peer CNN Adam update", "ms", times.update))
        }

        if wanted("data") {
            guard let folder = DataLocation.mnist(args.string("mnist")), let penPath = PenDigits.locate(args.string("pendigits")) else {
                throw ArgumentList.UsageError(description: "--only data needs MNIST (--mnist DIR) and pendigits (--pendigits FILE)")
            }
            let mnist = try MNIST.load(folder: folder, train: false)
            let pen = try PenDigits.load(path: penPath).samples
            for (kind, perSecond) in try Measure.dataPipeline(mnist: mnist, pen: pen, count: quick ? 100 : 2000) {
                emit(["bench": "data", "kind": kind, "per_second": JSONLine.round(perSecond, decimals: 1)])
                rows.append((kind, "per s", perSecond))
            }
        }

        if wanted("teach") {
            guard let penPath = PenDigits.locate(args.string("pendigits")) else {
                throw ArgumentList.UsageError(description: "--only teach needs pendigits (--pendigits FILE)")
            }
            let pen = try PenDigits.load(path: penPath).written(by: 25 ... 25)
            for perDigit in quick ? [2] : [5, 10] {
                let seconds = try Measure.teaching(pen: pen, perDigit: perDigit)
                emit(["bench": "teach", "examples": perDigit * 10, "seconds": JSONLine.round(seconds, decimals: 2)])
                rows.append(("teaching a personal model from \(perDigit * 10) examples (with the replay)", "s", seconds))
            }
        }

        // Networks
        var own = wanted("networks") ? try Measure.networks(quick: quick) : BenchCommand.Figures()
        // Recognition path and memory
        let (path, doubtfulPath) = wanted("path") ? try Measure.recognitionPath(samples: quick ? 20 : 300) : (0, nil)
        if wanted("path") {
            var line: [String: Any] = ["bench": "recognition_path", "drawing": "560x560", "median_us": JSONLine.round(path, decimals: 1)]
            if let doubtfulPath { line["doubtful_median_us"] = JSONLine.round(doubtfulPath, decimals: 1) }
            emit(line)
        }
        let number = wanted("path") ? try Measure.numberPath(samples: quick ? 10 : 100) : (strokes: 0, picture: 0)
        if wanted("path") {
            emit(["bench": "number_path", "digits": 10, "strokes_median_us": JSONLine.round(number.strokes, decimals: 1),
                  "picture_median_us": JSONLine.round(number.picture, decimals: 1),
                  "strokes_over_one_digit": JSONLine.round(number.strokes / path, decimals: 2)])
        }
        let rss = wanted("memory") ? try Measure.recognizeRSS() : 0
        if wanted("memory") { emit(["bench": "recognize_rss", "peak_rss_mib": JSONLine.round(rss, decimals: 1)]) }

        // Peers, alternating with a second round of Scrawl's own.
        var peers: [String: [String: Any]] = [:]
        if let venv = args.string("peers"), wanted("networks") || wanted("gemm") {
            let dir = args.string("peers-dir") ?? (FileManager.default.currentDirectoryPath + "/../shared/peers")
            let python = venv + "/bin/python"
            // Each framework runs twice and keeps its best figures, as Scrawl keeps the best of its
            // rounds: the frameworks' own run-to-run spread on a shared machine is wide.
            for _ in 0 ..< (quick ? 1 : 2) {
                for script in ["torch_seed_cnn.py", "keras_seed_cnn.py"] {
                    if let result = Measure.peer(python: python, script: dir + "/" + script, threads: threads, quick: quick) {
                        let name = result["peer"] as? String ?? script
                        peers[name] = Measure.bestOf(peers[name], result)
                        emit(["bench": "peer"].merging(result) { $1 })
                    }
                    own.keepBest(try Measure.networks(quick: quick))
                }
            }
            if let numpy = Measure.peer(python: python, script: dir + "/numpy_gemm.py", threads: threads, quick: quick) {
                peers["numpy"] = numpy
                emit(["bench": "peer"].merging(numpy) { $1 })
            }
        }
        for (key, value) in own.values.sorted(by: { $0.key < $1.key }) {
            emit(["bench": "network", "figure": key, "value": JSONLine.round(value, decimals: 1)])
        }

        // Table
        var table = rows
        if wanted("networks") {
            table.append(("peer CNN training (batch 128, Adam)", "images/s", own.values["peer_train_images_per_s"] ?? 0))
            if let one = own.values["peer_train_images_per_s_one_thread"], let all = own.values["peer_train_images_per_s"] {
                table.append(("peer CNN training on 1 thread", "images/s", one))
                table.append(("peer CNN training, \(threads) threads over 1", "x", all / one))
                emit(["bench": "network", "figure": "peer_train_thread_scaling", "value": JSONLine.round(all / one, decimals: 2)])
            }
            table.append(("peer CNN inference (batches of 1,000)", "images/s", own.values["peer_infer_images_per_s"] ?? 0))
            table.append(("peer CNN single-image latency (median)", "µs", own.values["peer_latency_us"] ?? 0))
            table.append(("shipped model inference (batches of 1,000)", "images/s", own.values["scrawl_infer_images_per_s"] ?? 0))
            table.append(("shipped model single-image latency (median)", "µs", own.values["scrawl_latency_us"] ?? 0))
        }
        if wanted("path") {
            table.append(("recognition path, one 560x560 drawing (median)", "µs", path))
            if let doubtfulPath { table.append(("the same, a drawing the first network is unsure of (median)", "µs", doubtfulPath)) }
            table.append(("reading a 10-digit number from its strokes (median)", "µs", number.strokes))
            table.append(("reading a 10-digit number from its picture (median)", "µs", number.picture))
            table.append(("10-digit number from strokes over one digit", "x", number.strokes / path))
        }
        if wanted("memory") { table.append(("scrawl recognize, one PNG: peak RSS", "MiB", rss)) }
        Console.out("")
        Console.out("Scrawl bench, \(threads) thread\(threads == 1 ? "" : "s")\(quick ? " (quick: not a measurement)" : "")")
        var ratios: [(String, Double, Double)] = []
        for (name, peer) in peers.sorted(by: { $0.key < $1.key }) {
            func ratio(_ label: String, _ ownKey: String, _ peerKey: String) {
                guard let o = own.values[ownKey], let p = Measure.number(peer[peerKey]), p > 0 else { return }
                ratios.append(("\(label) vs \(name)", o / p, p))
            }
            ratio("training images/s", "peer_train_images_per_s", "train_images_per_s")
            ratio("inference images/s", "peer_infer_images_per_s", "infer_images_per_s")
            ratio("latency µs", "peer_latency_us", "latency_us_median")   // below 1 is better
            if let g = peer["gflops"] as? [String: Any] {
                for (n, v) in g {
                    if let p = Measure.number(v), let o = gemmFigures[n], p > 0 { ratios.append(("GEMM \(n) GFLOP/s vs \(name)", o / p, p)) }
                }
            }
        }
        for r in table {
            Console.out(r.figure.padding(toLength: 62, withPad: " ", startingAt: 0) + String(format: r.unit == "x" ? "%12.2f %@" : "%12.1f %@", r.value, r.unit))
        }
        if !ratios.isEmpty {
            Console.out("")
            Console.out("Scrawl / peer (same run):")
            for r in ratios.sorted(by: { $0.0 < $1.0 }) {
                Console.out(r.0.padding(toLength: 62, withPad: " ", startingAt: 0) + String(format: "%8.2fx  (peer %.1f)", r.1, r.2))
                emit(["bench": "ratio", "figure": r.0, "scrawl_over_peer": JSONLine.round(r.1, decimals: 3)])
            }
        }
        return 0
    }
}
