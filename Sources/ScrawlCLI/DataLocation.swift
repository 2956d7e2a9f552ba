import Foundation

/// Where the command line finds training and test data when no option names it.
enum DataLocation {
    /// The data folder: an explicit option, else `$MNIST_DIR`, else `../shared/mnist` when it exists.
    static func mnist(_ option: String?) -> String? {
        if let option { return option }
        if let env = ProcessInfo.processInfo.environment["MNIST_DIR"], !env.isEmpty { return env }
        let fallback = FileManager.default.currentDirectoryPath + "/../shared/mnist"
        return FileManager.default.fileExists(atPath: fallback) ? (fallback as NSString).standardizingPath : nil
    }
}
