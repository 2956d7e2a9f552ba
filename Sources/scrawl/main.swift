import Foundation
import ScrawlCLI

import ScrawlEngine

MemoryTuning.keepLargeAllocations()
exit(ScrawlCommand.main(Array(CommandLine.arguments.dropFirst())))
