import Foundation
import XCTest
@testable import ScrawlRecognition
import ScrawlTestSupport

final class SettingsTests: XCTestCase {
    func testSettingsPersistAndADamagedFileGivesTheDefaultsOnce() throws {
        let dir = try ScrawlProcess.temporaryFolder("scrawl-settings")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config/scrawl/settings.json"
        XCTAssertEqual(Settings.load(path: path).settings, Settings(), "no file: the defaults, silently")
        XCTAssertNil(Settings.load(path: path).note)
        try Settings(model: "Anna", windowWidth: 1000, windowHeight: 700, maximized: true).save(path: path)
        XCTAssertEqual(Settings.load(path: path).settings, Settings(model: "Anna", windowWidth: 1000, windowHeight: 700, maximized: true))
        try "{\"model\": 3".write(toFile: path, atomically: true, encoding: .utf8)
        let damaged = Settings.load(path: path)
        XCTAssertEqual(damaged.settings, Settings())
        XCTAssertTrue(damaged.note?.contains("could not be read") == true)
        try Settings(model: nil).save(path: path)
        XCTAssertNil(Settings.load(path: path).note, "the next save replaces the damaged file")
    }
}
