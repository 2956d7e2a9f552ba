import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl models`: the personal models, and deleting or renaming one.
enum ModelsCommand {
    static let help = """
    USAGE: scrawl models [--json]
           scrawl models delete NAME
           scrawl models rename OLD NEW

    Lists the personal models in $XDG_DATA_HOME/scrawl/models: name, labels, examples, accuracy on
    the examples held back while teaching, the model it was taught from, and when. A folder that
    is not a usable model is listed as broken, with the reason. The shipped model is built in and
    is not listed; it cannot be deleted or renamed.

    OPTIONS:
      --json         one JSON object per model
      -h, --help     show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        let store = PersonalModelStore(folder: PersonalModelStore.defaultFolder())
        switch arguments.first {
        case "delete":
            let args = try ArgumentList(Array(arguments.dropFirst()), valued: [], boolean: [])
            guard args.positionals.count == 1 else { throw ArgumentList.UsageError(description: "delete takes one model name") }
            try store.delete(args.positionals[0])
            Console.out("deleted \(args.positionals[0])")
            return 0
        case "rename":
            let args = try ArgumentList(Array(arguments.dropFirst()), valued: [], boolean: [])
            guard args.positionals.count == 2 else { throw ArgumentList.UsageError(description: "rename takes the old and the new name") }
            try store.rename(args.positionals[0], to: args.positionals[1])
            Console.out("renamed \(args.positionals[0]) to \(args.positionals[1])")
            return 0
        default:
            let args = try ArgumentList(arguments, valued: [], boolean: ["json"])
            guard args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "unknown models command '\(args.positionals[0])'") }
            let entries = store.list()
            if entries.isEmpty && !args.flag("json") { Console.out("no personal models yet ('scrawl teach NAME --examples DIR' makes one)") }
            let date = ISO8601DateFormatter()
            for entry in entries {
                switch entry {
                case let .model(name, m):
                    let labels = OutputLabels(names: m.labels).printed
                    let accuracy = m.heldBackAccuracy.map { String(format: "%.1f%% of %d held back", $0 * 100, m.heldBack) } ?? "none held back"
                    if args.flag("json") {
                        var o: [String: Any] = ["name": name, "labels": m.labels.map { $0 as Any? ?? NSNull() }, "examples": m.examples,
                                                "held_back": m.heldBack, "base": m.base, "trained": date.string(from: m.trained)]
                        if let a = m.heldBackAccuracy { o["held_back_accuracy"] = JSONLine.round(a) }
                        Console.out(JSONLine.make(o))
                    } else {
                        Console.out("\(name): \(m.examples) examples, \(accuracy); labels \(labels.joined(separator: " ")); "
                                    + "taught from \(m.base) on \(date.string(from: m.trained))")
                    }
                case let .broken(name, reason):
                    if args.flag("json") {
                        Console.out(JSONLine.make(["name": name, "broken": reason]))
                    } else {
                        Console.out("\(name): broken: \(reason)")
                    }
                }
            }
            return 0
        }
    }
}
