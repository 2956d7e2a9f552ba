import Foundation
import XCTest
@testable import ScrawlRecognition
import ScrawlCLI
import ScrawlTestSupport

final class TranslationTests: XCTestCase {
    let poFolder = ScrawlProcess.projectRoot.appendingPathComponent("Resources/po").path

    func testValuesAreFilledInOnePassAndUnknownBracesStay() {
        XCTAssertEqual(fill("{done} of {count}", ["done": "2", "count": "5"]), "2 of 5")
        XCTAssertEqual(fill("Deleted {name}.", ["name": "{count} {name}"]), "Deleted {count} {name}.", "a value is not read again")
        XCTAssertEqual(fill("a {b} {", ["x": "1"]), "a {b} {")
        XCTAssertEqual(trn("{count} entry", "{count} entries", 1), "1 entry", "untranslated, English counts as English")
        XCTAssertEqual(trn("{count} entry", "{count} entries", 3), "3 entries")
    }

    func testNumbersAndDatesFollowTheLocaleTheEnvironmentNames() {
        XCTAssertEqual(Translation.localeName(for: "LC_NUMERIC", in: ["LANG": "de_DE.UTF-8@euro"]), "de_DE")
        XCTAssertEqual(Translation.localeName(for: "LC_NUMERIC", in: ["LANG": "de_DE.UTF-8", "LC_NUMERIC": "fr_FR.UTF-8"]), "fr_FR")
        XCTAssertEqual(Translation.localeName(for: "LC_NUMERIC", in: ["LC_ALL": "en_GB", "LC_NUMERIC": "fr_FR"]), "en_GB", "LC_ALL wins")
        XCTAssertNil(Translation.localeName(for: "LC_TIME", in: ["LANG": "C.UTF-8"]))
        XCTAssertNil(Translation.localeName(for: "LC_TIME", in: [:]))
        XCTAssertEqual(Translation.percent(0.971, digits: 1, in: nil), "97.1%", "the C locale keeps the plain form")
        let german = Locale(identifier: "de_DE")
        XCTAssertEqual(Translation.percent(0.971, digits: 1, in: german).filter { !$0.isWhitespace }, "97,1%")
        XCTAssertEqual(Translation.decimal(1.25, digits: 2, in: german), "1,25")
        let date = ISO8601DateFormatter().date(from: "2026-03-09T14:05:09Z")!
        let shown = Translation.dateTime(date, in: german)
        XCTAssertTrue(shown.contains("09.03.2026") || shown.contains("9. März 2026") || shown.contains("09.03.26"), shown)
    }

    /// `./meson-helper.sh pot --check`: every message in the sources is in the template.
    func testTheTemplateHoldsEveryMessageOfTheSources() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xgettext") else {
            throw XCTSkip("xgettext is missing: ./meson-helper.sh test installs gettext")
        }
        let helper = ScrawlProcess.projectRoot.appendingPathComponent("meson-helper.sh").path
        let result = try Subprocess.run("/bin/bash", [helper, "pot", "--check"], errorPath: "/dev/stdout")
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// de.po translates every message of the template, none fuzzy, and keeps each message's
    /// `{values}` (a lost one would show a blank, a misspelt one its braces).
    func testTheGermanTranslationIsCompleteAndKeepsEveryValue() throws {
        let template = try PO(path: poFolder + "/scrawl.pot")
        let german = try PO(path: poFolder + "/de.po")
        XCTAssertGreaterThan(template.entries.count, 200)
        for entry in template.entries {
            guard let translated = german.entries.first(where: { $0.id == entry.id }) else {
                XCTFail("de.po lacks \"\(entry.id)\": run ./meson-helper.sh pot and translate it"); continue
            }
            XCTAssertFalse(translated.fuzzy, "fuzzy: \(entry.id)")
            XCTAssertEqual(translated.strings.count, entry.plural == nil ? 1 : 2, entry.id)
            for (k, text) in translated.strings.enumerated() {
                XCTAssertFalse(text.isEmpty, "untranslated: \(entry.id)")
                let original = k == 0 || entry.plural == nil ? entry.id : entry.plural!
                var expected = Self.values(in: original)
                if entry.plural != nil { expected.remove("count") }  // a singular may spell "one" out
                XCTAssertTrue(expected.isSubset(of: Self.values(in: text)) && Self.values(in: text).isSubset(of: Self.values(in: original).union(["count"])),
                              "\"\(text)\" keeps the values of \"\(original)\"")
                XCTAssertEqual(original.filter { $0 == "_" }.count, text.filter { $0 == "_" }.count, "one mnemonic in \"\(text)\"")
            }
        }
    }

    static func values(in text: String) -> Set<String> {
        var names = Set<String>(), rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open) ..< close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// Just enough of a PO file to compare it with its template: messages, plurals, translations, fuzzy flags.
private struct PO {
    struct Entry {
        var id = "", plural: String?, strings: [String] = [], fuzzy = false
    }
    var entries: [Entry] = []

    init(path: String) throws {
        var current = Entry(), field = ""
        func finish() {
            if !current.id.isEmpty { entries.append(current) }
            current = Entry()
        }
        func literal(_ line: Substring) -> String {
            let inner = line.drop { $0 != "\"" }.dropFirst().dropLast()
            return inner.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\\"", with: "\"")
        }
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { finish(); continue }
            if line.hasPrefix("#,") && line.contains("fuzzy") { current.fuzzy = true }
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("msgid_plural ") { field = "plural"; current.plural = literal(line) }
            else if line.hasPrefix("msgid ") { field = "id"; current.id = literal(line) }
            else if line.hasPrefix("msgstr") { field = "str"; current.strings.append(literal(line)) }
            else if line.hasPrefix("\"") {
                switch field {
                case "id": current.id += literal(line)
                case "plural": current.plural! += literal(line)
                default: current.strings[current.strings.count - 1] += literal(line)
                }
            }
        }
        finish()
    }
}
