import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl recognize FILE...`: the number or digit in each PNG.
enum RecognizeCommand {
    static let help = """
    USAGE: scrawl recognize [--model MODEL] [--single] [--json] [--record] FILE...

    Reads the number or digit drawn in each PNG (any size; dark on light or light on dark; colour,
    grey or transparent). A picture of one digit prints the digit, its confidence and the top
    three, or "not a digit" when the drawing looks like no digit (an answer, not an error); a
    personal model taught labels of its own (letters, symbols) prints its label, or "none of its
    labels", and reads each picture as one symbol. A
    picture of several digits prints the number and each digit's confidence, doubtful ones marked
    with '?'; a symbol that is not a digit shows as '?' in the number, a low dot between digits
    as a decimal point, and lines of writing are read top to bottom, separated by a space. A
    blank image is reported as empty, hundreds of specks as noise, neither guessed at. Exits
    with status 1 if any file could not be answered.

    OPTIONS:
      --model MODEL  model file or personal model name (default: the shipped model)
      --single       read each picture as one digit, as scripts written for single digits expect
      --json         one JSON object per line: file, digit (null for "not a digit", with the reason
                     in not_a_digit), confidence, probabilities, not_a_digit_probability, or error;
                     for several digits: number (a string), digits (each with its text, digit,
                     confidence, probabilities and box [x0, y0, x1, y1] in pixels) and confidence
                     (that every digit is right); for noise: number null and refused (the reason);
                     a model with labels of its own adds label (the answer or null) and labels
      --record       also add each result to the history the window shows ($XDG_DATA_HOME/scrawl)
      -h, --help     show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["model"], boolean: ["json", "record", "single"])
        guard !args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "no PNG files given") }
        let recognizer = try ModelOption.recognizer(args.string("model"))
        let json = args.flag("json")
        let reader = args.flag("single") ? nil : NumberReader(recognizer: recognizer)
        let history = args.flag("record") ? try HistoryStore(folder: HistoryStore.defaultFolder()) : nil
        var failures = 0
        for file in args.positionals {
            do {
                let ink = try PNGCodec.load(path: file).ink
                let reading = reader?.read(ink: ink)
                if let reading, !reading.isSingle {
                    try report(reading, file: file, json: json, history: history, ink: ink, model: recognizer)
                    continue
                }
                // One digit: the reader's answer is the single-digit path's, not asked twice.
                guard let r = reading?.parts[0].recognition ?? (reader == nil ? recognizer.recognize(ink: ink) : nil) else { throw EmptyImage() }
                if let history { try record(HistoryEntry(recognition: r, model: recognizer.displayName, rejects: recognizer.rejects), ink: ink, in: history) }
                let top = r.top(3).map { String(format: "%@ %.1f%%", r.labels[$0.digit], $0.probability * 100) }.joined(separator: ", ")
                if json {
                    var object = fields(r, rejects: recognizer.rejects)
                    object["file"] = file
                    if !r.isDigit { object["not_a_digit"] = rejectionReason(r) }
                    Console.out(JSONLine.make(object))
                } else if r.isDigit {
                    Console.out(String(format: "%@: %@ (%.1f%%)  top 3: %@", file, r.label, r.confidence * 100, top))
                } else if recognizer.readsNumbers {
                    Console.out(String(format: "%@: not a digit (%.1f%%)  top 3 digits: %@", file, r.confidence * 100, top))
                } else {
                    Console.out(String(format: "%@: none of its labels (%.1f%%)  top 3: %@", file, r.confidence * 100, top))
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

    /// A recognition's JSON fields: digit (null for "not a digit"), confidence, probabilities and,
    /// for a model that can reject, the probability of "not a digit". A model taught labels of
    /// its own adds `label` (the answer, null for none of them) and `labels` (what each
    /// probability is of); its `digit` is the answer when that is a digit.
    static func fields(_ r: Recognition, rejects: Bool) -> [String: Any] {
        var object: [String: Any] = ["digit": r.answerLabel.flatMap { OutputLabels.digitNames.firstIndex(of: $0) } ?? NSNull(),
                                     "confidence": JSONLine.round(r.confidence), "probabilities": r.probabilities.map(JSONLine.round)]
        if rejects { object["not_a_digit_probability"] = JSONLine.round(r.notADigitProbability) }
        if !r.labelsAreDigits { (object["label"], object["labels"]) = (r.answerLabel ?? NSNull(), r.labels) }
        return object
    }

    /// Adds `entry` to the history with the picture, on a sheet of its shape, as its drawing.
    static func record(_ entry: HistoryEntry, ink: GrayImage, in history: HistoryStore) throws {
        try history.record(entry, drawingPNG: try PNGCodec.encode(Rasterizer.renderForDisplay(Drawing(picture: ink))))
    }

    /// Prints (and records) a drawing read as several symbols, or refused as noise.
    static func report(_ reading: NumberReading, file: String, json: Bool, history: HistoryStore?, ink: GrayImage,
                       model recognizer: Recognizer) throws {
        if let history, reading.refusal == nil {
            try record(HistoryEntry(reading: reading, model: recognizer.displayName, rejects: recognizer.rejects), ink: ink, in: history)
        }
        if json {
            guard reading.refusal == nil else {
                Console.out(JSONLine.make(["file": file, "number": NSNull(), "refused": reading.refusal!]))
                return
            }
            let digits: [[String: Any]] = reading.parts.map { part in
                var entry = part.recognition.map { fields($0, rejects: recognizer.rejects) } ?? [:]
                entry["text"] = part.text
                entry["box"] = [part.box.x0, part.box.y0, part.box.x1, part.box.y1].map { JSONLine.round($0, decimals: 1) }
                if part.isDoubtful { entry["doubtful"] = true }
                return entry
            }
            Console.out(JSONLine.make(["file": file, "number": reading.text, "digits": digits, "confidence": JSONLine.round(reading.confidence)]))
        } else if let refusal = reading.refusal {
            Console.out("\(file): not read: \(refusal)")
        } else {
            let each = reading.parts.compactMap { part in
                part.recognition.map { r in String(format: "%@ %.1f%%%@", part.text, r.confidence * 100, part.isDoubtful ? "?" : "") }
            }
            Console.out(String(format: "%@: %@ (%.1f%%)  digits: %@", file, reading.text, reading.confidence * 100, each.joined(separator: ", ")))
        }
    }

    /// Why the answer is "not a digit", in words.
    static func rejectionReason(_ r: Recognition) -> String {
        String(format: "the model gives \"not a digit\" %.1f%%, more than any %@ (the most likely, %@, has %.1f%%)",
               r.notADigitProbability * 100, r.labelsAreDigits ? "digit" : "of its labels", r.label, r.probabilities[r.digit] * 100)
    }

    struct EmptyImage: Error, CustomStringConvertible {
        var description: String { "empty: the image has no ink to recognize" }
    }
}
