import Foundation
import ScrawlEngine
import ScrawlRecognition

/// The `scrawl` command line: dispatches to the subcommands.
public enum ScrawlCommand {
    static let help = """
    USAGE: scrawl [COMMAND] [options]

    With no command, opens the Scrawl window ("scrawl --model FILE" or "--model NAME" opens it with another model).

    COMMANDS:
      recognize FILE...  recognize the digit in each PNG (or say it is not a digit)
      evaluate           accuracy on MNIST, the hand-drawn check and real pen-drawn digits; rejection
      train              train a model on MNIST, real pen trajectories and non-digits
      bench              measure kernels, training, inference and the recognition path
      model describe     what runs for each layer of a model, in training and in inference
      models             list the personal models; delete or rename one
      teach NAME         create or update a personal model from labelled pictures

    Run 'scrawl COMMAND --help' for a command's options.
    """

    /// Runs the command line; returns the process exit status.
    public static func main(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else { Console.out(help); return 0 }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            switch command {
            case "train": Console.out(TrainCommand.help); return 0
            case "recognize": Console.out(RecognizeCommand.help); return 0
            case "evaluate": Console.out(EvaluateCommand.help); return 0
            case "bench": Console.out(BenchCommand.help); return 0
            case "model": Console.out(ModelCommand.help); return 0
            case "models": Console.out(ModelsCommand.help); return 0
            case "teach": Console.out(TeachCommand.help); return 0
            default: break
            }
        }
        do {
            switch command {
            case "-h", "--help", "help": Console.out(help); return 0
            case "train": return try TrainCommand.run(rest)
            case "recognize": return try RecognizeCommand.run(rest)
            case "evaluate": return try EvaluateCommand.run(rest)
            case "bench": return try BenchCommand.run(rest)
            case "model": return try ModelCommand.run(rest)
            case "models": return try ModelsCommand.run(rest)
            case "teach": return try TeachCommand.run(rest)
            default:
                Console.err("scrawl: unknown command '\(command)'\n\n\(help)")
                return 2
            }
        } catch let error as ArgumentList.UsageError {
            Console.err("scrawl \(command): \(error.description)\nRun 'scrawl \(command) --help' for usage.")
            return 2
        } catch {
            Console.err("scrawl \(command): \(errorText(error))")
            return 1
        }
    }
}
