import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl teach NAME --examples DIR`: creates or updates a personal model.
enum TeachCommand {
    static let help = """
    USAGE: scrawl teach NAME --examples DIR [--base MODEL] [--epochs N] [--only-taught-labels]

    Creates the personal model NAME, or updates it, from labelled pictures: DIR holds one folder
    per label with that label's PNGs in it. A label is a digit or any short text without spaces
    or "/" (A, +, alpha): one the base does not read becomes a new answer of the model, which
    also keeps the base's own (the digits) unless --only-taught-labels. The model is fine-tuned
    from the base (its convolutions kept, its dense layers taught on these examples, varied
    afresh every epoch, mixed with a replay of other people's digits so it keeps reading them),
    on every example it already keeps and the new ones; one example per label is held back to
    report its accuracy. Unreadable or blank pictures are named and skipped. The previous model
    stays whole until the new one is written.

    OPTIONS:
      --examples DIR  labelled pictures, one folder per label
      --base MODEL    model file or personal model to start from (default: the shipped model, or
                      the model NAME was taught from)
      --epochs N      passes over the examples (default: \(Teacher.Options().epochs))
      --only-taught-labels
                      the model answers only the labels in DIR (and the ones it was taught
                      before), not the base's digits; other drawings are "none of these"
      -h, --help      show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["examples", "base", "epochs"], boolean: ["only-taught-labels"])
        guard args.positionals.count == 1 else { throw ArgumentList.UsageError(description: "give one model name") }
        let name = args.positionals[0]
        try PersonalModelStore.validate(name: name)
        guard let folder = args.string("examples") else { throw ArgumentList.UsageError(description: "--examples DIR is required") }
        var options = Teacher.Options()
        options.epochs = try args.int("epochs", default: options.epochs, range: 1 ... 1000)
        let store = PersonalModelStore(folder: PersonalModelStore.defaultFolder())
        let existing = try? store.manifest(name)
        let baseOption = args.string("base") ?? existing.map { $0.base == PersonalModelStore.builtInName ? nil : $0.base } ?? nil
        let base = try ModelOption.load(baseOption)
        let examples = try readExamples(folder)
        let replay = try ReplaySample.shipped()
        Console.err("teaching \(name) from \(base.name) on \(examples.count) new example\(examples.count == 1 ? "" : "s")"
                    + (existing.map { " and the \($0.examples) it keeps" } ?? ""))
        var last = Date.distantPast
        let result = try Teaching.teach(name: name, base: base.networks, baseName: base.name, newExamples: examples,
                                        labels: args.flag("only-taught-labels") ? .taughtOnly : nil, store: store,
                                        replay: replay, options: options, progress: { p in
            let now = Date()
            guard now.timeIntervalSince(last) > 0.25 || p.batch == p.batches else { return }
            last = now
            Console.progress(String(format: "epoch %d/%d %@ loss %.4f ETA %@", p.epoch, p.epochs,
                                    Console.bar(Double(p.batch) / Double(p.batches)), p.loss, Console.duration(p.secondsLeft)),
                             final: p.epoch == p.epochs && p.batch == p.batches)
        })
        for line in result.skipped { Console.err("skipped \(line)") }
        let m = result.manifest
        Console.out("labels: " + m.labels.map { $0 ?? "(none of these)" }.joined(separator: " "))
        let accuracy = m.heldBackAccuracy.map { String(format: "%.1f%% of the %d held back", $0 * 100, m.heldBack) } ?? "no example held back"
        Console.out(String(format: "taught %@ in %.1f s: %d examples, %@", name, result.seconds, m.examples, accuracy))
        return 0
    }

    /// The PNGs of each label folder of `folder`, as new examples.
    static func readExamples(_ folder: String) throws -> [Teaching.NewExample] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelError.io("\(folder) is not a folder")
        }
        let labels = try fm.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted().filter {
            var sub: ObjCBool = false
            return fm.fileExists(atPath: folder + "/" + $0, isDirectory: &sub) && sub.boolValue
        }
        guard !labels.isEmpty else { throw ModelError.io("\(folder) has no label folders (one folder per label, with its PNGs in it)") }
        var examples: [Teaching.NewExample] = []
        for label in labels {
            let dir = folder + "/" + label
            if let problem = OutputLabels.problem(with: label) { throw ModelError.io("the label folder \(dir) cannot name a label: \(problem)") }
            let pngs = try fm.contentsOfDirectory(atPath: dir).filter { $0.lowercased().hasSuffix(".png") }.sorted()
            guard !pngs.isEmpty else { throw ModelError.io("the label folder \(dir) has no PNGs") }
            for png in pngs {
                guard let data = fm.contents(atPath: dir + "/" + png) else {
                    Console.err("skipped \(dir)/\(png): unreadable")
                    continue
                }
                examples.append(Teaching.NewExample(label: label, png: data, source: "\(label)/\(png)"))
            }
        }
        return examples
    }
}
