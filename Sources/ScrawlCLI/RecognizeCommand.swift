import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl recognize FILE...`: the digit in each PNG.
enum RecognizeCommand {
    static let help = """
    USAGE: scrawl recognize [--model FILE] [--json] [--record] FILE...

    Recognizes the digit drawn in each PNG (any size; dark on light or light on dark; colour,
    grey or transparent). Prints the digit, its confidence and the top three; a blank image is
    reported as empty, not guessed at. Exits with status 1 if any file could not be answered.

    OPTIONS:
      --model FILE   model file (default: the shipped model)
      --json         one JSON object per line: file, digit, confidence, probabilities, or error
      --record       also add each result to the history the window shows ($XDG_DATA_HOME/scrawl)
      -h, --help     show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["model"], boolean: ["json", "record"])
        guard !args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "no PNG files given") }
        let recognizer = try Recognizer(modelPath: args.string("model"))
        let json = args.flag("json")
        let history = args.flag("record") ? try HistoryStore(folder: HistoryStore.defaultFolder()) : nil
        var failures = 0
        for file in args.positionals {
            do {
                let ink = try PNGCodec.load(path: file).ink
                guard let r = recognizer.recognize(ink: ink) else { throw EmptyImage() }
                if let history {
                    let drawing = Rasterizer.renderForDisplay(Drawing(background: Rasterizer.fitted(ink)))
                    try history.record(HistoryEntry(digit: r.digit, confidence: r.confidence, probabilities: r.probabilities,
                                                    model: recognizer.displayName), drawingPNG: try PNGCodec.encode(drawing))
                }
                if json {
                    Console.out(JSONLine.make(["file": file, "digit": r.digit, "confidence": JSONLine.round(r.confidence),
                                               "probabilities": r.probabilities.map(JSONLine.round)]))
                } else {
                    let top = r.top(3).map { String(format: "%d %.1f%%", $0.digit, $0.probability * 100) }.joined(separator: ", ")
                    Console.out(String(format: "%@: %d (%.1f%%)  top 3: %@", file, r.digit, r.confidence * 100, top))
                }
            } catch {
                failures += 1
                if json {
                    Console.out(JSONLine.make(["file": file, "error": "\(error)"]))
                } else {
                    Console.err("\(file): \(error)")
                }
            }
        }
        return failures == 0 ? 0 : 1
    }

    struct EmptyImage: Error, CustomStringConvertible {
        var description: String { "empty: the image has no ink to recognize" }
    }
}
