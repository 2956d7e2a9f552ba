import Foundation
import ScrawlCLI
import ScrawlEngine
import ScrawlRecognition
import ScrawlUI

MemoryTuning.keepLargeAllocations()
let arguments = Array(CommandLine.arguments.dropFirst())
let opensWindow = arguments.isEmpty || (arguments.count == 2 && arguments[0] == "--model")
Translation.setUp(wholeLocale: opensWindow)
let status: Int32
if arguments.isEmpty {
    status = ScrawlApp.run(modelPath: nil)
} else if arguments.count == 2 && arguments[0] == "--model" {
    status = ScrawlApp.run(modelPath: arguments[1])
} else {
    status = ScrawlCommand.main(arguments)
}
PeakMemory.reportIfAsked()
exit(status)
