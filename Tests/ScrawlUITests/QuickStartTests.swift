import Foundation
import XCTest
import ScrawlCLI
import ScrawlRecognition
import ScrawlTestSupport

/// README's quick start as a person follows it: the native build, `./meson-helper.sh run` opening
/// the window, another model chosen with `scrawl --model my.scrawl`, and the benchmark against
/// the peers (NumPy's here; the PyTorch and Keras peers need a virtualenv with those packages).
final class QuickStartTests: DesktopTestCase {
    var helper: String { ScrawlProcess.projectRoot.appendingPathComponent("meson-helper.sh").path }

    func testTheQuickStartRunsTheNativeBuild() throws {
        // The build is most of this test's time on a fresh clone (a second, native, build tree).
        let build = try Subprocess.run("/bin/bash", [helper, "build", "--native"], errorPath: "/dev/stdout")
        XCTAssertEqual(build.status, 0, String(build.output.suffix(2000)))

        // `./meson-helper.sh run` opens the window (the build is up to date) and quits cleanly.
        let run = try session.launch("/bin/bash", [helper, "run"], environment: session.environment, timeout: 120)
        XCTAssertEqual(try quit(run), 0)

        // `scrawl --model my.scrawl`: the window reads with that model, and the history says so.
        let mine = session.home + "/my.scrawl"
        try FileManager.default.copyItem(atPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model-validation.scrawl").path,
                                         toPath: mine)
        let app = try session.launch(["--model", mine])
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        try draw(try XCTUnwrap(try handwritingCheck().samples.first { $0.digit == 5 }), window: window)
        try session.waitUntil("the drawing is recorded with my.scrawl", timeout: 15) {
            try self.history().last.map { $0.digit == 5 && $0.model.hasPrefix("my.scrawl") } ?? false
        }
        XCTAssertEqual(try quit(app), 0)

        // `./meson-helper.sh bench --peers VENV`, shortened: GEMM figures and NumPy's beside them.
        let venv = session.home + "/venv"
        let made = try Subprocess.run("/usr/bin/python3", ["-m", "venv", "--system-site-packages", venv], errorPath: "/dev/stdout")
        XCTAssertEqual(made.status, 0, "python3-venv is one of the test packages: \(made.output)")
        let bench = try Subprocess.run("/bin/bash", [helper, "bench", "--peers", venv, "--quick", "--only", "gemm"], errorPath: "/dev/null")
        XCTAssertEqual(bench.status, 0, bench.output)
        let lines = bench.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertTrue(lines.contains { $0["bench"] as? String == "gemm" }, bench.output)
        XCTAssertTrue(lines.contains { $0["bench"] as? String == "ratio" && ($0["figure"] as? String)?.hasSuffix("vs numpy") == true },
                      "NumPy's GEMM ran beside Scrawl's, as a ratio from the same run: \(bench.output)")
    }
}
