import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ScrawlCLI
import XCTest
import ScrawlTestSupport

/// The desktop file, icons and AppStream metainfo validate, and `meson-helper.sh install` puts
/// them where a desktop finds them, with a binary that finds its model.
final class DesktopIntegrationTests: XCTestCase {
    let assets = ScrawlProcess.projectRoot.appendingPathComponent("Assets").path

    func tool(_ path: String) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw XCTSkip("\(path) is not installed") }
        return path
    }

    func testDesktopFileValidates() throws {
        let r = try Subprocess.run(try tool("/usr/bin/desktop-file-validate"), [assets + "/io.github.scrawl.Scrawl.desktop"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertFalse(r.output.contains("error"), r.output)
    }

    func testMetainfoValidates() throws {
        let r = try Subprocess.run(try tool("/usr/bin/appstreamcli"), ["validate", "--no-net", assets + "/io.github.scrawl.Scrawl.metainfo.xml"])
        XCTAssertEqual(r.status, 0, r.output)
    }

    func testIconsAreSVG() throws {
        for name in ["io.github.scrawl.Scrawl.svg", "io.github.scrawl.Scrawl-symbolic.svg"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: assets + "/icons/" + name))
            let doc = try XMLDocument(data: data)
            XCTAssertEqual(doc.rootElement()?.name, "svg", name)
        }
    }

    func testInstallPutsEverythingInPlace() throws {
        let prefix = try ScrawlProcess.temporaryFolder("scrawl-install")
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        var env = ProcessInfo.processInfo.environment
        env["SCRAWL_BIN"] = try ScrawlProcess.binary()
        let r = try Subprocess.run("/bin/bash", [ScrawlProcess.projectRoot.appendingPathComponent("meson-helper.sh").path,
                                                 "install", "--prefix", prefix, "--no-build"], environment: env)
        XCTAssertEqual(r.status, 0, r.output)
        for path in ["bin/scrawl", "share/scrawl/scrawl-model.scrawl", "share/scrawl/replay-images.idx.gz", "share/scrawl/replay-labels.idx.gz",
                     "share/applications/io.github.scrawl.Scrawl.desktop",
                     "share/metainfo/io.github.scrawl.Scrawl.metainfo.xml", "share/icons/hicolor/scalable/apps/io.github.scrawl.Scrawl.svg",
                     "share/icons/hicolor/symbolic/apps/io.github.scrawl.Scrawl-symbolic.svg", "share/locale/de/LC_MESSAGES/scrawl.mo"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/" + path), path)
        }
        // The installed binary finds the installed model (not the build tree's).
        let png = prefix + "/blank.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).write(to: URL(fileURLWithPath: png))
        var clean = ProcessInfo.processInfo.environment
        clean.removeValue(forKey: "SCRAWL_RESOURCES")
        let run = try Subprocess.run(prefix + "/bin/scrawl", ["recognize", "--json", png], environment: clean)
        XCTAssertTrue(run.output.contains("truncated"), "the model loaded and the file was judged: \(run.output)")
        // ... and the installed German catalog.
        clean["LANG"] = "de_DE.UTF-8"
        clean.removeValue(forKey: "LANGUAGE")
        clean.removeValue(forKey: "LC_ALL")
        let german = try Subprocess.run(prefix + "/bin/scrawl", ["recognize", "--json", png], environment: clean)
        XCTAssertTrue(german.output.contains("unvollständig"), german.output)
    }
}
