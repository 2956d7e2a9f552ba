import Foundation
import ScrawlCLI
import ScrawlEngine
import ScrawlUI

MemoryTuning.keepLargeAllocations()
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty {
    exit(ScrawlApp.run(modelPath: nil))
} else if arguments.count == 2 && arguments[0] == "--model" {
    exit(ScrawlApp.run(modelPath: arguments[1]))
}
exit(ScrawlCommand.main(arguments))
