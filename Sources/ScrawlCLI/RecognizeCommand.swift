import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl recognize FILE...`: the digit in each PNG.
enum RecognizeCommand {
    static let help = """
    USAGE: scrawl recognize [--model MODEL] [--json] [--record] FILE...

    Recognizes the digit drawn in each PNG (any size; dark on light or light on dark; colour,
    grey or transparent). Prints the digit, its confidence and the top three, or "not a digit"
    when the drawing looks like no digit (an answer, not an error); a blank image is reported as
    empty, not guessed at. Exits with status 1 if any file could not be answered.

    OPTIONS:
      --model MODEL  model file or personal model name (default: the shipped model)
      --json         one JSON object per line: file, digit (null for "not a digit", with the reason
                     in not_a_digit), confidence, probabilities, not_a_digit_probability, or error
      --record       also add each result to the history the window shows ($XDG_DATA_HOME/scrawl)
      -h, --help     show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["model"], boolean: ["json", "record"])
        guard !args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "no PNG files given") }
        let recognizer = try ModelOption.recognizer(args.string("model"))
        let json = args.flag("json")
        let history = args.flag("record") ? try HistoryStore(folder: HistoryStore.defaultFolder()) : nil
        var failures = 0
        for file in args.positionals {
            do {
                let ink = try PNGCodec.load(path: file).ink
                guard let r = recognizer.recognize(ink: ink) else { throw EmptyImage() }
                if let history {
                    let drawing = Rasterizer.renderForDisplay(Drawing(background: Rasterizer.fitted(ink)))
                    try history.record(HistoryEntry(recognition: r, model: recognizer.displayName, rejects: recognizer.rejects),
                                       drawingPNG: try PNGCodec.encode(drawing))
                }
                let top = r.top(3).map { String(format: "%d %.1f%%", $0.digit, $0.probability * 100) }.joined(separator: ", ")
                if json {
                    var object: [String: Any] = ["file": file, "digit": r.isDigit ? r.digit : NSNull(), "confidence": JSONLine.round(r.confidence),
                                                 "probabilities": r.probabilities.map(JSONLine.round)]
                    if recognizer.rejects { object["not_a_digit_probability"] = JSONLine.round(r.notADigitProbability) }
                    if !r.isDigit { object["not_a_digit"] = rejectionReason(r) }
                    Console.out(JSONLine.make(object))
                } else if r.isDigit {
                    Console.out(String(format: "%@: %d (%.1f%%)  top 3: %@", file, r.digit, r.confidence * 100, top))
                } else {
                    Console.out(String(format: "%@: not a digit (%.1f%%)  top 3 digits: %@", file, r.confidence * 100, top))
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

    /// Why the answer is "not a digit", in words.
    static func rejectionReason(_ r: Recognition) -> String {
        String(format: "the model gives \"not a digit\" %.1f%%, more than any digit (the most likely, %d, has %.1f%%)",
               r.notADigitProbability * 100, r.digit, r.probabilities[r.digit] * 100)
    }

    struct EmptyImage: Error, CustomStringConvertible {
        var description: String { "empty: the image has no ink to recognize" }
    }
}
