import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl evaluate`: accuracy and confusion matrix on the MNIST test set, plus Scrawl's
/// hand-drawn check.
enum EvaluateCommand {
    static let help = """
    USAGE: scrawl evaluate [--model FILE] [--mnist DIR] [--raw] [--json]

    Runs the model over the 10,000 MNIST test images through Scrawl's preprocessing (as the app
    would see them) and prints the accuracy and the confusion matrix, then scores the hand-drawn
    check: digits written as pen trajectories (not MNIST), drawn at pen widths 10-50 px and sizes
    100-500 px on the canvas, recognized as vector strokes, as a saved PNG, and by the naive
    shrink-the-canvas method for comparison.

    OPTIONS:
      --model FILE   model file (default: the shipped model)
      --mnist DIR    MNIST IDX files (default: $MNIST_DIR, else ../shared/mnist)
      --raw          feed the test images as they are, without Scrawl's preprocessing
      --json         print the figures as one JSON object
      --failures     list the hand-drawn drawings the strokes path got wrong
      -h, --help     show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["model", "mnist"], boolean: ["raw", "json", "failures"])
        guard args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "unexpected argument '\(args.positionals[0])'") }
        let recognizer = try Recognizer(modelPath: args.string("model"))
        var result: [String: Any] = ["model": recognizer.source]
        var status: Int32 = 0
        if let folder = MNIST.locate(args.string("mnist")) {
            let raw = try MNIST.load(folder: folder, train: false)
            let set = args.flag("raw") ? raw : Pipeline.preprocessed(raw)
            let evaluation = Evaluation(model: recognizer.model, set: set)
            result["mnist_accuracy"] = evaluation.accuracy
            result["mnist_correct"] = evaluation.correct
            result["confusion"] = evaluation.confusion
            if !args.flag("json") {
                Console.out(String(format: "MNIST test set%@: %.2f%% (%d/%d)", args.flag("raw") ? " (raw)" : "",
                                   evaluation.accuracy * 100, evaluation.correct, evaluation.total))
                Console.out(evaluation.table)
            }
        } else {
            Console.err("MNIST not found (pass --mnist DIR or set MNIST_DIR): skipping the test set")
            status = 1
        }
        let check = try HandwritingCheck.shipped()
        let score = check.score(with: recognizer)
        result["handwriting"] = ["cases": score.count, "vector": score.vector, "raster": score.raster, "naive": score.naive]
        if args.flag("json") {
            Console.out(JSONLine.make(result))
        } else {
            Console.out(String(format: "hand-drawn check (%d drawings, pen 10-50 px, size 100-500 px): strokes %.1f%%, saved PNG %.1f%%, naive 28x28 shrink %.1f%%",
                               score.count, score.vector * 100, score.raster * 100, score.naive * 100))
            if args.flag("failures") {
                for f in score.vectorFailures { Console.out("  wrong: \(f.label) → \(f.answer)") }
            }
        }
        return status
    }
}
