import Foundation
import XCTest
import ScrawlCLI

/// Runs the built `scrawl` binary: `$SCRAWL_BIN` (set by `meson-helper.sh test` to the release
/// build), else the debug build beside the tests.
public enum ScrawlProcess {
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    public static func binary() throws -> String {
        if let env = ProcessInfo.processInfo.environment["SCRAWL_BIN"], FileManager.default.isExecutableFile(atPath: env) { return env }
        let here = projectRoot
        for config in ["release", "debug"] {
            let path = here.appendingPathComponent(".build/\(config)/scrawl").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("no scrawl binary: run through ./meson-helper.sh test or swift build first")
    }

    /// Runs `scrawl arguments`; with a `launcher` (a command and its arguments, such as `setpriv`
    /// with a user to become), runs `launcher scrawl arguments`.
    public static func run(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws -> Output {
        let errFile = NSTemporaryDirectory() + "scrawl-stderr-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: errFile) }
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let command = launcher + [try binary()] + arguments
        // stderr goes through a file so both streams can be read without a deadlock.
        let (status, stdout) = try Subprocess.run(command[0], Array(command.dropFirst()), environment: env, errorPath: errFile)
        let stderr = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
        return Output(status: status, stdout: stdout, stderr: stderr)
    }

    /// The package's root folder.
    public static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A new empty temporary folder.
    public static func temporaryFolder(_ prefix: String = "scrawl-test") throws -> String {
        let dir = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The MNIST folder, or a skip with the reason.
    public static func mnist() throws -> String {
        if let env = ProcessInfo.processInfo.environment["MNIST_DIR"], !env.isEmpty { return env }
        let shared = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/mnist").path
        guard FileManager.default.fileExists(atPath: shared + "/t10k-images-idx3-ubyte.gz") else {
            throw XCTSkip("MNIST is not present (set MNIST_DIR or put it in ../shared/mnist): skipping the test-set accuracy check")
        }
        return shared
    }

    /// The pendigits file, or a skip with the reason.
    public static func pendigits() throws -> String {
        if let env = ProcessInfo.processInfo.environment["PENDIGITS"], !env.isEmpty { return env }
        let shared = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/pendigits/pendigits-orig.tra.gz").path
        guard FileManager.default.fileExists(atPath: shared) else {
            throw XCTSkip("pendigits is not present (set PENDIGITS or put it in ../shared/pendigits): skipping the real-handwriting check")
        }
        return shared
    }
}
