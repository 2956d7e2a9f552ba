import Foundation
import XCTest
@testable import ScrawlUI
import ScrawlTestSupport

/// The one shortcut table against what README tells people, and the labels built from it.
final class ShortcutsTests: XCTestCase {
    /// The keys README's "| Keys | Action |" table names, one by one ("Ctrl+0 … Ctrl+9" gives both ends).
    func readmeKeys() throws -> Set<String> {
        let readme = try String(contentsOf: ScrawlProcess.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("| Keys | Action |") }, "README has a keys table")
        var keys: Set<String> = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("|") else { break }
            let column = line.split(separator: "|", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            for key in column.components(separatedBy: CharacterSet(charactersIn: ",/…")) {
                let k = key.trimmingCharacters(in: .whitespaces)
                if !k.isEmpty { keys.insert(k) }
            }
        }
        return keys
    }

    func testREADMEsKeysTableMatchesTheShortcutTable() throws {
        let readme = try readmeKeys()
        let mainWindow = Shortcuts.table.filter { ![Shortcuts.historyGroup, Shortcuts.teachGroup].contains($0.group) }
        let known = Set(mainWindow.flatMap { $0.keys.map { Shortcuts.label($0) } })
        // GTK's own keys and the mouse are not in the table.
        for key in readme.subtracting(["F10", "right-click"]) {
            XCTAssertTrue(known.contains(key), "README names \(key), which no action has")
        }
        for entry in mainWindow where entry.listed {
            let key = Shortcuts.label(entry.keys[0])
            XCTAssertTrue(readme.contains(key), "\(entry.action) (\(key)) is missing from README's keys table")
        }
    }

    func testLabelsAndTooltipsComeFromTheTable() {
        XCTAssertEqual(Shortcuts.label("<Control><Shift>z"), "Ctrl+Shift+Z")
        XCTAssertEqual(Shortcuts.label("<Control>period"), "Ctrl+.")
        XCTAssertEqual(Shortcuts.tooltip(.undo, "Undo"), "Undo (Ctrl+Z)")
        XCTAssertEqual(Shortcuts.tooltip(.redo, "Redo"), "Redo (Ctrl+Shift+Z, Ctrl+Y)")
        // Every action named in the table exists, and no two entries of one window share a key.
        for entry in Shortcuts.table {
            let name = entry.action.split(separator: "(").first.map(String.init) ?? ""
            XCTAssertNotNil(Action(rawValue: name), entry.action)
        }
        for group in [[Shortcuts.drawing, Shortcuts.recognition, Shortcuts.models, Shortcuts.files], [Shortcuts.historyGroup], [Shortcuts.teachGroup]] {
            let keys = Shortcuts.table.filter { group.contains($0.group) }.flatMap(\.keys)
            XCTAssertEqual(keys.count, Set(keys).count, "a key used twice in \(group)")
        }
    }
}
