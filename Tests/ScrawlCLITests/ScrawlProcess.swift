import Foundation
import XCTest

/// Runs the built `scrawl` binary: `$SCRAWL_BIN` (set by `meson-helper.sh test` to the release
/// build), else the debug build beside the tests.
enum ScrawlProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static func binary() throws -> String {
        if let env = ProcessInfo.processInfo.environment["SCRAWL_BIN"], FileManager.default.isExecutableFile(atPath: env) { return env }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for config in ["release", "debug"] {
            let path = here.appendingPathComponent(".build/\(config)/scrawl").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("no scrawl binary: run through ./meson-helper.sh test or swift build first")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try binary())
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The MNIST folder, or a skip with the reason.
    static func mnist() throws -> String {
        if let env = ProcessInfo.processInfo.environment["MNIST_DIR"], !env.isEmpty { return env }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/mnist").path
        guard FileManager.default.fileExists(atPath: shared + "/t10k-images-idx3-ubyte.gz") else {
            throw XCTSkip("MNIST is not present (set MNIST_DIR or put it in ../shared/mnist): skipping the test-set accuracy check")
        }
        return shared
    }
}
